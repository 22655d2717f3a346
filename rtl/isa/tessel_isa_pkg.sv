// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The Tessel instruction set in RTL form (docs/isa.md): opcodes, engines, memories, error codes,
// and the decoded instruction every sequencer and engine passes around. The field positions
// follow models/isa/layout.h (the one table the C++ encoder uses); the RTL decoder is checked
// against the C++ decoder bit for bit by verif/isa_rtl, so the two cannot drift apart silently.
package tessel_isa_pkg;

  localparam int unsigned InstrWords = 16;   // 32-bit words, little-endian
  localparam int unsigned InstrBits  = 512;  // 64 bytes
  localparam int unsigned NumEngines = 4;
  localparam int unsigned NumSems    = 32;
  localparam int unsigned NumQueues  = 16;
  localparam int unsigned FreeDims   = 3;
  localparam int unsigned Slots      = 3;

  typedef logic [InstrWords-1:0][31:0] instr_words_t;  // [0] is word 0

  typedef enum logic [3:0] {
    EngTensor = 4'd0,
    EngVector = 4'd1,
    EngScalar = 4'd2,
    EngDma    = 4'd3
  } engine_e;

  typedef enum logic [7:0] {
    OpNop     = 8'h00,
    OpEnd     = 8'h01,
    OpMatmul  = 8'h10,
    OpDmaCopy = 8'h40
  } opcode_e;

  typedef enum logic [1:0] {
    SpaceSbuf = 2'd0,
    SpacePsum = 2'd1,
    SpaceDram = 2'd2
  } space_e;

  // ERROR_CAUSE codes; isa::ErrorCode has the same values.
  typedef enum logic [3:0] {
    ErrNone          = 4'd0,
    ErrIllegalOpcode = 4'd1,
    ErrBadField      = 4'd2,
    ErrAddrRange     = 4'd3,
    ErrSemMisuse     = 4'd4,
    ErrAxi           = 4'd5,
    ErrShapeMismatch = 4'd6
  } error_e;

  localparam logic [5:0] SemNone = 6'h3f;

  // Slot roles (layout.h).
  localparam int unsigned DmaDstSlot         = 0;
  localparam int unsigned DmaSrcSlot         = 1;
  localparam int unsigned MatmulPsumSlot     = 0;
  localparam int unsigned MatmulStationarySlot = 1;
  localparam int unsigned MatmulMovingSlot   = 2;

  // One free axis: `count` elements `stride` elements apart.
  typedef struct packed {
    logic signed [15:0] stride;
    logic [15:0]        count;
  } dim_t;

  // A decoded access pattern. dims[0] is the outermost axis (docs/isa.md "Access patterns").
  typedef struct packed {
    logic [1:0]           space;             // space_e when defined
    logic [3:0]           dtype;             // tessel_fp_pkg::fp_format_e when defined
    logic [47:0]          addr;              // on-chip byte offset, or DRAM byte address
    logic [7:0]           part_start;
    logic [7:0]           part_count;
    logic [31:0]          part_stride;       // DRAM only: bytes between partitions
    dim_t [FreeDims-1:0]  dims;              // dims[0] outermost
  } ap_t;

  // The decoded instruction: header plus the three operand slots.
  typedef struct packed {
    logic [7:0]        opcode;
    logic [3:0]        engine;
    logic [3:0]        flags;          // MATMUL: bit 0 = accumulate
    logic [5:0]        wait_sem;
    logic [23:0]       wait_value;
    logic [5:0]        signal_sem;
    logic [7:0]        signal_inc;
    logic [3:0]        dma_queue;      // DMA_COPY (not `queue`: a C++ word Verilator warns on)
    ap_t [Slots-1:0]   ap;             // ap[s] is operand slot s
  } instr_t;

  // ---- field extraction (layout.h) --------------------------------------------------------------
  function automatic ap_t decode_ap(instr_words_t w, int unsigned slot, logic dram_ext);
    ap_t         ap;
    logic [29:0] body;       // bits 31:30 are reserved
    logic [31:0] dim_word;
    logic [15:0] part_half;  // this slot's half of word 14 or 15
    ap        = '0;
    body      = w[2 + 4 * slot][29:0];
    part_half = slot % 2 == 0 ? w[14 + slot / 2][15:0] : w[14 + slot / 2][31:16];
    ap.space      = body[29:28];
    ap.dtype      = body[27:24];
    ap.addr       = {24'b0, body[23:0]};
    ap.part_start = part_half[7:0];
    ap.part_count = part_half[15:8];
    for (int unsigned d = 0; d < FreeDims; d++) begin
      // dims[d] is body word 1 + d (dims[0], the outermost axis, first)
      dim_word          = w[2 + 4 * slot + 1 + d];
      ap.dims[d].count  = dim_word[15:0];
      ap.dims[d].stride = dim_word[31:16];
    end
    if (dram_ext) begin
      ap.addr[47:24] = w[10 + 2 * slot][23:0];
      ap.part_stride = w[11 + 2 * slot];
    end
    return ap;
  endfunction

  // Decodes every field (no checks: instr_check does those). The DRAM extension words belong to
  // slots 0 and 1 of DMA_COPY only.
  function automatic instr_t decode_instr(instr_words_t w);
    instr_t in;
    logic   is_dma;
    in.opcode     = w[0][7:0];
    in.engine     = w[0][11:8];
    in.flags      = w[0][15:12];
    in.wait_sem   = w[0][21:16];
    in.signal_sem = w[0][29:24];
    in.wait_value = w[1][23:0];
    in.signal_inc = w[1][31:24];
    in.dma_queue  = w[15][19:16];
    is_dma        = w[0][7:0] == OpDmaCopy;
    for (int unsigned s = 0; s < Slots; s++) begin
      in.ap[s] = decode_ap(w, s, is_dma && s < 2);
    end
    return in;
  endfunction

  // log2 of the element bytes of a defined dtype: fp32 2, bf16/fp16 1, fp8 0.
  function automatic logic [1:0] dtype_size_log2(logic [3:0] dtype);
    unique case (dtype)
      4'd0:       return 2'd2;
      4'd1, 4'd2: return 2'd1;
      default:    return 2'd0;
    endcase
  endfunction

endpackage
