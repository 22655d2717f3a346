// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Decodes one 64-byte instruction and runs every validity check of isa::hardware_error
// (models/isa/validate.cpp, docs/isa.md "Errors"), reporting the same ErrorCode. One fault group
// per always_comb, in the C++ order; the code reported is the first group that faults:
//
//   IllegalOpcode  opcode not NOP, END, MATMUL or DMA_COPY
//   BadField       reserved bits, engine field, operand fields (space, dtype, counts, alignment,
//                  DRAM extension), dram -> dram copy
//   SemaphoreMisuse  semaphore ids, wait value / increment without a semaphore, zero increment
//   ShapeMismatch  operands disagree (K, M, N; DMA dtype, partitions, elements), then the
//                  configuration's engine limits (K <= Rows, M <= Cols, N <= bank entries)
//   AddrRange      partitions, byte ranges, PSUM bank crossing, DRAM size
//
// Within a group every fault has the same code, so a group is the OR of its rules: a rule that
// reads a field an earlier rule of the group rejected (an undefined dtype's element size, say)
// only matters when that earlier rule already faulted. Purely combinational: the sequencer
// registers around it.
module instr_check
  import tessel_isa_pkg::*;
#(
  parameter int unsigned    Rows          = tessel_config_pkg::NumRows,
  parameter int unsigned    Cols          = tessel_config_pkg::NumCols,
  parameter int unsigned    SbufBytes     = tessel_config_pkg::SbufBytesPerPartition,
  parameter int unsigned    PsumBanks     = tessel_config_pkg::PsumBanks,
  parameter int unsigned    PsumBankBytes = tessel_config_pkg::PsumBankBytes,
  parameter logic [48:0]    DramBytes     = 49'h1_0000_0000  // isa::kDefaultDramBytes
) (
  input  instr_words_t words_i,
  input  logic [3:0]   stream_engine_i,  // engine_e of the stream holding the instruction
  output instr_t       instr_o,          // decode_instr(words_i)
  output error_e       error_o           // ErrNone when the instruction may run
);

  // Byte ranges are signed and this wide (ap_byte_range explains the bound).
  localparam int unsigned RangeW = 52;
  localparam int unsigned PsumBytes = PsumBanks * PsumBankBytes;
  localparam int unsigned BankEntries = PsumBankBytes / 4;  // FP32: the largest N

  // How an operand slot may be used (validate.cpp's Role).
  typedef enum logic [1:0] {
    DtypeAny,
    DtypeFp32,
    DtypePeInput  // bf16, fp16, fp8: anything but fp32
  } dtype_rule_e;

  typedef struct packed {
    logic        used;      // the opcode has this operand
    logic [3:0]  spaces;    // bit s set: space_e s allowed (bit 3, undefined, never)
    dtype_rule_e dtype;
    logic        dram_ext;  // DMA slots: DRAM address high bits and partition stride
  } role_t;

  localparam role_t RoleNone       = '{used: 1'b0, spaces: 4'b0000, dtype: DtypeAny,
                                       dram_ext: 1'b0};
  localparam role_t RolePsum       = '{used: 1'b1, spaces: 4'b0010, dtype: DtypeFp32,
                                       dram_ext: 1'b0};
  localparam role_t RolePeOperand  = '{used: 1'b1, spaces: 4'b0001, dtype: DtypePeInput,
                                       dram_ext: 1'b0};
  localparam role_t RoleDmaDst     = '{used: 1'b1, spaces: 4'b0101, dtype: DtypeAny,
                                       dram_ext: 1'b1};
  // PSUM is a DMA source (matmul results reach device memory) but never a destination.
  localparam role_t RoleDmaSrc     = '{used: 1'b1, spaces: 4'b0111, dtype: DtypeAny,
                                       dram_ext: 1'b1};

  localparam logic [3:0] MaxDtype = 4'd4;  // fp8e5m2, the last defined format

  // The decoder's assumptions about the package: the words hold the whole instruction, and the
  // 4-bit queue field names every DMA queue (so no queue number needs a range check).
  if (InstrBits != $bits(instr_words_t) || NumQueues != 2 ** $bits(instr_o.dma_queue))
  begin : gen_bad_pkg
    $fatal(1, "tessel_isa_pkg: InstrBits or NumQueues disagree with the instruction fields");
  end

  // ---- decode --------------------------------------------------------------------------------
  instr_t in;
  logic   is_nop_end, is_matmul, is_dma;
  role_t  [Slots-1:0] role;

  assign in      = decode_instr(words_i);
  assign instr_o = in;

  always_comb begin
    is_nop_end = in.opcode == OpNop || in.opcode == OpEnd;
    is_matmul  = in.opcode == OpMatmul;
    is_dma     = in.opcode == OpDmaCopy;
    role       = {Slots{RoleNone}};
    if (is_matmul) begin
      role[MatmulPsumSlot]       = RolePsum;
      role[MatmulStationarySlot] = RolePeOperand;
      role[MatmulMovingSlot]     = RolePeOperand;
    end else if (is_dma) begin
      role[DmaDstSlot] = RoleDmaDst;
      role[DmaSrcSlot] = RoleDmaSrc;
    end
  end

  // Elements per partition of each operand (product of the dim counts, up to 48 bits).
  logic [Slots-1:0][47:0] free_elems;
  always_comb begin
    for (int unsigned s = 0; s < Slots; s++) begin
      free_elems[s] = 48'(in.ap[s].dims[0].count) * 48'(in.ap[s].dims[1].count)
                      * 48'(in.ap[s].dims[2].count);
    end
  end

  // ---- IllegalOpcode -------------------------------------------------------------------------
  logic illegal_opcode;
  assign illegal_opcode = !(is_nop_end || is_matmul || is_dma);

  // ---- BadField: reserved bits ---------------------------------------------------------------
  // The bits the opcode defines (validate.cpp defined_bits, field positions from layout.h);
  // NOP and END define the header alone.
  function automatic instr_words_t defined_bits(logic matmul, logic dma);
    instr_words_t m;
    m       = '0;
    m[0]    = 32'h3f3f_0fff;  // signal_sem [29:24], wait_sem [21:16], engine, opcode
    m[1]    = '1;             // signal increment [31:24], wait value [23:0]
    m[0][12] = matmul;        // MATMUL flag 0: accumulate
    for (int unsigned s = 0; s < Slots; s++) begin
      if (matmul || (dma && s < 2)) begin
        m[2 + 4 * s]                      = 32'h3fff_ffff;  // space, dtype, address [23:0]
        m[3 + 4 * s]                      = '1;             // dims[0..2]: stride, count
        m[4 + 4 * s]                      = '1;
        m[5 + 4 * s]                      = '1;
        m[14 + s / 2][16 * (s % 2) +: 16] = '1;             // partition count, start
      end
    end
    if (dma) begin
      for (int unsigned s = 0; s < 2; s++) begin
        m[10 + 2 * s] = 32'h00ff_ffff;  // DRAM address [47:24]
        m[11 + 2 * s] = '1;             // DRAM partition stride
      end
      m[15][19:16] = '1;                // queue
    end
    return m;
  endfunction

  logic reserved_set;
  assign reserved_set = |(words_i & ~defined_bits(is_matmul, is_dma));

  // ---- BadField: engine ----------------------------------------------------------------------
  logic engine_bad;
  always_comb begin
    engine_bad = 32'(in.engine) >= NumEngines;         // not an engine
    if (is_matmul && in.engine != 4'(EngTensor)) engine_bad = 1'b1;
    if (is_dma && in.engine != 4'(EngDma)) engine_bad = 1'b1;
    if (in.engine != stream_engine_i) engine_bad = 1'b1;  // another engine's stream
  end

  // ---- BadField: operand fields (validate.cpp check_ap_fields) -------------------------------
  function automatic logic dtype_allowed(logic [3:0] dtype, dtype_rule_e rule);
    unique case (rule)
      DtypeFp32:    return dtype == 4'd0;
      DtypePeInput: return dtype != 4'd0;
      default:      return 1'b1;
    endcase
  endfunction

  function automatic logic ap_field_bad(ap_t ap, role_t r);
    logic       bad;
    logic [1:0] lsb_mask;  // address bits that must be zero: element size - 1
    lsb_mask = 2'((3'd1 << dtype_size_log2(ap.dtype)) - 3'd1);
    bad = ap.space > 2'(SpaceDram)                    // not a memory
          || !r.spaces[ap.space]                     // memory not allowed for this operand
          || ap.dtype > MaxDtype                     // not a format
          || !dtype_allowed(ap.dtype, r.dtype)
          || ap.part_count == '0;
    for (int unsigned d = 0; d < FreeDims; d++) begin
      if (ap.dims[d].count == '0) bad = 1'b1;
    end
    if (ap.space == SpaceDram) begin
      if (ap.part_start != '0 || (ap.part_stride[1:0] & lsb_mask) != '0) bad = 1'b1;
    end else if (r.dram_ext && (ap.addr[47:24] != '0 || ap.part_stride != '0)) begin
      bad = 1'b1;                                    // on-chip operand with extension bits
    end
    if ((ap.addr[1:0] & lsb_mask) != '0) bad = 1'b1;  // unaligned
    return r.used && bad;  // only the opcode's operands are checked
  endfunction

  logic operand_bad;
  always_comb begin
    operand_bad = 1'b0;
    for (int unsigned s = 0; s < Slots; s++) begin
      if (ap_field_bad(in.ap[s], role[s])) operand_bad = 1'b1;
    end
    if (is_dma && in.ap[DmaDstSlot].space == SpaceDram
        && in.ap[DmaSrcSlot].space == SpaceDram) begin
      operand_bad = 1'b1;  // dram -> dram copies are not supported
    end
  end

  logic bad_field;
  assign bad_field = reserved_set || engine_bad || operand_bad;

  // ---- SemaphoreMisuse (validate.cpp check_semaphores) ---------------------------------------
  logic sem_misuse, wait_none, signal_none;
  always_comb begin
    wait_none   = in.wait_sem == SemNone;
    signal_none = in.signal_sem == SemNone;
    sem_misuse  = (in.wait_sem >= 6'(NumSems) && !wait_none)       // no such semaphore
                  || (wait_none && in.wait_value != '0)            // value without a semaphore
                  || (in.signal_sem >= 6'(NumSems) && !signal_none)
                  || (signal_none && in.signal_inc != '0)          // increment without one
                  || (!signal_none && in.signal_inc == '0);        // signal of nothing
  end

  // ---- ShapeMismatch: operands, then engine limits (check_shapes, check_limits) ---------------
  logic shape_mismatch;
  always_comb begin
    shape_mismatch = 1'b0;
    if (is_matmul) begin
      // K: partitions of stationary and moving; M: psum partitions = stationary elements;
      // N: psum elements = moving elements.
      shape_mismatch = in.ap[MatmulStationarySlot].part_count
                         != in.ap[MatmulMovingSlot].part_count
                       || 48'(in.ap[MatmulPsumSlot].part_count)
                         != free_elems[MatmulStationarySlot]
                       || free_elems[MatmulPsumSlot] != free_elems[MatmulMovingSlot]
                       || 32'(in.ap[MatmulStationarySlot].part_count) > Rows
                       || 32'(in.ap[MatmulPsumSlot].part_count) > Cols
                       || free_elems[MatmulMovingSlot] > 48'(BankEntries);
    end else if (is_dma) begin
      // DMA neither converts nor reshapes partitions.
      shape_mismatch = in.ap[DmaDstSlot].dtype != in.ap[DmaSrcSlot].dtype
                       || in.ap[DmaDstSlot].part_count != in.ap[DmaSrcSlot].part_count
                       || free_elems[DmaDstSlot] != free_elems[DmaSrcSlot];
    end
  end

  // ---- AddrRange (validate.cpp check_range) --------------------------------------------------
  logic [Slots-1:0] slot_out_of_range;
  for (genvar s = 0; s < Slots; s++) begin : gen_range
    logic signed [RangeW-1:0] lo, hi;
    logic        [24:0]       last;   // hi - 1: the last byte touched (on chip < 2^24)
    logic        [8:0]        part_end;
    logic        [31:0]       parts, bytes;

    ap_byte_range #(
      .Width (RangeW)
    ) u_range (
      .space_i       (in.ap[s].space),
      .dtype_i       (in.ap[s].dtype),
      .addr_i        (in.ap[s].addr),
      .part_count_i  (in.ap[s].part_count),
      .part_stride_i (in.ap[s].part_stride),
      .dims_i        (in.ap[s].dims),
      .lo_o          (lo),
      .hi_o          (hi)
    );

    always_comb begin
      last     = 25'(hi - 1);
      part_end = 9'(in.ap[s].part_start) + 9'(in.ap[s].part_count);
      parts    = in.ap[s].space == SpacePsum ? Cols : Rows;
      bytes    = in.ap[s].space == SpacePsum ? PsumBytes : SbufBytes;
      if (in.ap[s].space == SpaceDram) begin
        slot_out_of_range[s] = lo < 0 || hi > $signed(RangeW'(DramBytes));
      end else begin
        // On chip lo >= 0 and hi <= 2^24 whenever the bank rule decides the outcome.
        slot_out_of_range[s] = 32'(part_end) > parts
                               || lo < 0 || hi > $signed(RangeW'(bytes))
                               || (in.ap[s].space == SpacePsum
                                   && 32'(lo[24:0]) / PsumBankBytes
                                      != 32'(last) / PsumBankBytes);
      end
    end
  end

  logic out_of_range;
  always_comb begin
    out_of_range = 1'b0;
    for (int unsigned s = 0; s < Slots; s++) begin
      if (role[s].used && slot_out_of_range[s]) out_of_range = 1'b1;
    end
  end

  // ---- priority ------------------------------------------------------------------------------
  always_comb begin
    if (illegal_opcode) begin
      error_o = ErrIllegalOpcode;
    end else if (bad_field) begin
      error_o = ErrBadField;
    end else if (sem_misuse) begin
      error_o = ErrSemMisuse;
    end else if (shape_mismatch) begin
      error_o = ErrShapeMismatch;
    end else if (out_of_range) begin
      error_o = ErrAddrRange;
    end else begin
      error_o = ErrNone;
    end
  end

endmodule
