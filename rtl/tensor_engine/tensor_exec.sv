// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The tensor executor: runs checked MATMUL instructions (docs/isa.md "MATMUL") by reading their
// SBUF operands as beats, streaming them through the tensor engine and writing the results to
// PSUM, bit-exactly like the architectural model (docs/tensor-engine.md "Tensor executor").
//
//   issue -> queue (QDepth) --st_ptr--> reader (er1) -- stationary beats --> tensor_engine
//                           --mv_ptr--> reader (er0) -- moving beats ------>      |
//                           --head----> PSUM walker, rotate columns <-- result beats
//                                             |
//                                         PSUM write stage -> wr_* (+ done pulse)
//
// Three pointers walk the queue in order. The stationary reader runs ahead of the moving one:
// it loads the next instruction's weights on er1 while the current moving tile streams on er0
// (the engine's two weight banks decide when a beat may enter), so back-to-back MATMULs with
// N >= M feed one moving beat per cycle. Result beats leave the engine in moving-beat order,
// that is in instruction order, so the head instruction owns every result beat; its PSUM access
// pattern is walked as the beats come out, which also tells when its last write happens
// (completion). Each instruction is freed from the queue at its last PSUM write.
//
// Operand placement: beat lane k is partition part_start + k of that operand (rotated in the
// readers; lanes k >= K are bypassed by the engine), and result column m goes to PSUM partition
// psum.part_start + m (rotated here; the engine's column mask m < M is rotated with it).
module tensor_exec
  import tessel_config_pkg::*;
  import tessel_isa_pkg::*;
  import tessel_fp_pkg::*;
#(
  parameter  int unsigned Rows        = NumRows,
  parameter  int unsigned Cols        = NumCols,
  parameter  int unsigned Banks       = PsumBanks,
  parameter  int unsigned BankEntries = PsumBankEntries,
  parameter  int unsigned SbufBytes   = SbufBytesPerPartition,
  parameter  int unsigned QDepth      = 4,   // instructions issued and not complete (power of 2)
  localparam int unsigned AddrW       = $clog2(SbufBytes),
  localparam int unsigned PsumRowW    = $clog2(Banks * BankEntries),
  localparam int unsigned MacsW       = $clog2(Rows * Cols + 1)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  // issue (checked MATMULs only)
  input  logic                      issue_valid_i,
  output logic                      issue_ready_o,
  input  instr_t                    issue_instr_i,
  input  logic [47:0]               issue_addr_i,
  // completion, in issue order
  output logic                      done_valid_o,
  output logic [5:0]                done_sem_o,
  output logic [7:0]                done_inc_o,
  output logic [47:0]               done_addr_o,
  output logic                      idle_o,
  // SBUF engine read 0: moving operand (never stalled)
  output logic                      er0_req_o,
  input  logic                      er0_gnt_i,
  output logic [AddrW-1:0]          er0_addr_o,
  output logic [1:0]                er0_size_o,
  input  logic                      er0_rvalid_i,
  input  logic [Rows-1:0][31:0]     er0_rdata_i,
  // SBUF engine read 1: stationary operand (shared with DMA reads, may be refused)
  output logic                      er1_req_o,
  input  logic                      er1_gnt_i,
  output logic [AddrW-1:0]          er1_addr_o,
  output logic [1:0]                er1_size_o,
  input  logic                      er1_rvalid_i,
  input  logic [Rows-1:0][31:0]     er1_rdata_i,
  // PSUM write port
  output logic                      psum_wr_en_o,
  output logic [PsumRowW-1:0]       psum_wr_row_o,
  output logic                      psum_wr_acc_o,
  output logic [Cols-1:0]           psum_wr_mask_o,
  output logic [Cols-1:0][31:0]     psum_wr_data_o,
  // performance and status
  output logic [MacsW-1:0]          macs_o,   // K x M when a result beat (moving column) lands
  output logic                      busy_o,   // an instruction is incomplete
  output logic                      stall_o   // busy, but no moving beat entered the array
);

  localparam int unsigned QIdxW     = $clog2(QDepth);
  localparam int unsigned QPtrW     = QIdxW + 1;  // one extra bit tells full from empty
  localparam int unsigned RowCountW = $clog2(Rows + 1);
  localparam int unsigned ColShiftW = Cols > 1 ? $clog2(Cols) : 1;
  localparam int unsigned StMetaW   = 3 + RowCountW;  // format, K
  localparam int unsigned MvMetaW   = 3;              // format

  ////////////////////////
  // Instruction queue  //
  ////////////////////////

  instr_t            q_instr_q [QDepth];
  logic [47:0]       q_addr_q  [QDepth];
  logic [QPtrW-1:0]  wr_ptr_q, head_q, st_ptr_q, mv_ptr_q, ps_ptr_q;
  logic              issue_fire, st_take, mv_take, ps_take, retire;
  instr_t            st_instr, mv_instr, ps_instr, head_instr;

  assign issue_ready_o = (wr_ptr_q - head_q) != QPtrW'(QDepth);
  assign issue_fire    = issue_valid_i && issue_ready_o;

  always_ff @(posedge clk_i) begin
    if (issue_fire) begin
      q_instr_q[wr_ptr_q[QIdxW-1:0]] <= issue_instr_i;
      q_addr_q[wr_ptr_q[QIdxW-1:0]]  <= issue_addr_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_ptr_q <= '0;
      head_q   <= '0;
      st_ptr_q <= '0;
      mv_ptr_q <= '0;
      ps_ptr_q <= '0;
    end else begin
      wr_ptr_q <= wr_ptr_q + QPtrW'(issue_fire);
      head_q   <= head_q + QPtrW'(retire);
      st_ptr_q <= st_ptr_q + QPtrW'(st_take);
      mv_ptr_q <= mv_ptr_q + QPtrW'(mv_take);
      ps_ptr_q <= ps_ptr_q + QPtrW'(ps_take);
    end
  end

  assign st_instr   = q_instr_q[st_ptr_q[QIdxW-1:0]];
  assign mv_instr   = q_instr_q[mv_ptr_q[QIdxW-1:0]];
  assign ps_instr   = q_instr_q[ps_ptr_q[QIdxW-1:0]];
  assign head_instr = q_instr_q[head_q[QIdxW-1:0]];

  ////////////////////////
  // Operand readers    //
  ////////////////////////

  logic                   st_valid, st_ready, st_last, mv_valid, mv_ready, mv_last;
  logic [Rows-1:0][15:0]  st_data, mv_data;
  logic [StMetaW-1:0]     st_meta_in, st_meta;
  logic [MvMetaW-1:0]     mv_meta_in, mv_meta;

  assign st_meta_in = {st_instr.ap[MatmulStationarySlot].dtype[2:0],
                       RowCountW'(st_instr.ap[MatmulStationarySlot].part_count)};
  assign mv_meta_in = mv_instr.ap[MatmulMovingSlot].dtype[2:0];

  tensor_exec_reader #(
    .Parts(Rows),
    .AddrW(AddrW),
    .MetaW(StMetaW)
  ) u_st_reader (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .ap_valid_i  (st_ptr_q != wr_ptr_q),
    .ap_i        (st_instr.ap[MatmulStationarySlot]),
    .meta_i      (st_meta_in),
    .ap_take_o   (st_take),
    .req_o       (er1_req_o),
    .gnt_i       (er1_gnt_i),
    .addr_o      (er1_addr_o),
    .size_o      (er1_size_o),
    .rvalid_i    (er1_rvalid_i),
    .rdata_i     (er1_rdata_i),
    .beat_valid_o(st_valid),
    .beat_ready_i(st_ready),
    .beat_data_o (st_data),
    .beat_meta_o (st_meta),
    .beat_last_o (st_last)
  );

  tensor_exec_reader #(
    .Parts(Rows),
    .AddrW(AddrW),
    .MetaW(MvMetaW)
  ) u_mv_reader (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .ap_valid_i  (mv_ptr_q != wr_ptr_q),
    .ap_i        (mv_instr.ap[MatmulMovingSlot]),
    .meta_i      (mv_meta_in),
    .ap_take_o   (mv_take),
    .req_o       (er0_req_o),
    .gnt_i       (er0_gnt_i),
    .addr_o      (er0_addr_o),
    .size_o      (er0_size_o),
    .rvalid_i    (er0_rvalid_i),
    .rdata_i     (er0_rdata_i),
    .beat_valid_o(mv_valid),
    .beat_ready_i(mv_ready),
    .beat_data_o (mv_data),
    .beat_meta_o (mv_meta),
    .beat_last_o (mv_last)
  );

  ////////////////////////
  // Tensor engine      //
  ////////////////////////

  logic                  out_valid, out_accumulate_unused;
  logic [Cols-1:0][31:0] out_data;
  logic [Cols-1:0]       out_col_mask;
  logic [PsumRowW-1:0]   out_psum_row_unused;
  logic                  te_busy_unused, te_error;

  // The PSUM row and accumulate flag are not sent through the engine: the head instruction owns
  // every result beat, so they are taken from it at the output (which also yields completion).
  tensor_engine #(
    .Rows    (Rows),
    .Cols    (Cols),
    .PsumRowW(PsumRowW)
  ) u_engine (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .st_valid_i      (st_valid),
    .st_ready_o      (st_ready),
    .st_data_i       (st_data),
    .st_fmt_i        (fp_format_e'(st_meta[StMetaW-1 -: 3])),
    .st_rows_i       (st_meta[RowCountW-1:0]),
    .st_last_i       (st_last),
    .mv_valid_i      (mv_valid),
    .mv_ready_o      (mv_ready),
    .mv_data_i       (mv_data),
    .mv_fmt_i        (fp_format_e'(mv_meta)),
    .mv_psum_row_i   ('0),
    .mv_accumulate_i (1'b0),
    .mv_last_i       (mv_last),
    .out_valid_o     (out_valid),
    .out_ready_i     (1'b1),
    .out_data_o      (out_data),
    .out_col_mask_o  (out_col_mask),
    .out_psum_row_o  (out_psum_row_unused),
    .out_accumulate_o(out_accumulate_unused),
    .busy_o          (te_busy_unused),
    .error_o         (te_error)
  );

  ////////////////////////
  // PSUM side          //
  ////////////////////////

  logic                              ps_valid, ps_last;
  logic [PsumRowW-1:0]               ps_row;
  logic [FreeDims-1:0][PsumRowW-1:0] ps_stride;
  logic [FreeDims-1:0][15:0]         ps_count;
  ap_t                               ps_ap, head_ps_ap;
  logic [ColShiftW-1:0]              ps_start, col_shift;
  logic [Cols-1:0][31:0]             wr_data_rot;
  logic [Cols-1:0][0:0]              col_mask, wr_mask_rot;

  // PSUM operands are FP32: one PSUM row per element, so strides need no scaling and the byte
  // address divided by 4 is the flat row (bank * BankEntries + entry).
  assign ps_ap = ps_instr.ap[MatmulPsumSlot];
  for (genvar d = 0; d < FreeDims; d++) begin : g_ps_dim
    assign ps_stride[d] = PsumRowW'($signed(ps_ap.dims[d].stride));
    assign ps_count[d]  = ps_ap.dims[d].count;
  end

  assign retire  = out_valid && ps_last;
  assign ps_take = (ps_ptr_q != wr_ptr_q) && (!ps_valid || retire);

  tensor_exec_ap_walk #(
    .W(PsumRowW)
  ) u_ps_walk (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .load_i  (ps_take),
    .base_i  (ps_ap.addr[PsumRowW+1:2]),
    .stride_i(ps_stride),
    .count_i (ps_count),
    .next_i  (out_valid),
    .valid_o (ps_valid),
    .addr_o  (ps_row),
    .last_o  (ps_last)
  );

  // Column m -> PSUM partition start + m: data_o[p] = data_i[p - start] (mod Cols).
  assign head_ps_ap = head_instr.ap[MatmulPsumSlot];
  assign ps_start   = ColShiftW'(head_ps_ap.part_start);
  assign col_shift  = (ps_start == '0) ? '0 : ColShiftW'(Cols) - ps_start;
  for (genvar m = 0; m < Cols; m++) begin : g_mask
    assign col_mask[m] = out_col_mask[m];
  end

  tensor_exec_rotate #(
    .Lanes(Cols),
    .Width(32)
  ) u_rot_data (
    .data_i (out_data),
    .shift_i(col_shift),
    .data_o (wr_data_rot)
  );

  tensor_exec_rotate #(
    .Lanes(Cols),
    .Width(1)
  ) u_rot_mask (
    .data_i (col_mask),
    .shift_i(col_shift),
    .data_o (wr_mask_rot)
  );

  // The write stage: one register between the engine and PSUM; an instruction's done pulse
  // comes with its last write (the write takes effect at the end of that cycle).
  logic                  wr_en_q, wr_acc_q, done_q;
  logic [PsumRowW-1:0]   wr_row_q;
  logic [Cols-1:0]       wr_mask_q;
  logic [Cols-1:0][31:0] wr_data_q;
  logic [5:0]            done_sem_q;
  logic [7:0]            done_inc_q;
  logic [47:0]           done_addr_q;
  logic [MacsW-1:0]      macs_d, macs_q;

  assign macs_d = out_valid ? MacsW'(head_instr.ap[MatmulStationarySlot].part_count *
                                     head_ps_ap.part_count) : '0;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_en_q     <= 1'b0;
      done_q      <= 1'b0;
      wr_acc_q    <= 1'b0;
      wr_row_q    <= '0;
      wr_mask_q   <= '0;
      done_sem_q  <= SemNone;
      done_inc_q  <= '0;
      done_addr_q <= '0;
      macs_q      <= '0;
    end else begin
      wr_en_q <= out_valid;
      done_q  <= retire;
      macs_q  <= macs_d;
      if (out_valid) begin
        wr_acc_q  <= head_instr.flags[0];
        wr_row_q  <= ps_row;
        wr_mask_q <= wr_mask_rot;
      end
      if (retire) begin
        done_sem_q  <= head_instr.signal_sem;
        done_inc_q  <= head_instr.signal_inc;
        done_addr_q <= q_addr_q[head_q[QIdxW-1:0]];
      end
    end
  end

  // Result data is not reset: it is only used under wr_en_q.
  always_ff @(posedge clk_i) begin
    if (out_valid) begin
      wr_data_q <= wr_data_rot;
    end
  end

  assign psum_wr_en_o         = wr_en_q;
  assign psum_wr_row_o        = wr_row_q;
  assign psum_wr_acc_o = wr_acc_q;
  assign psum_wr_mask_o       = wr_mask_q;
  assign psum_wr_data_o       = wr_data_q;
  assign done_valid_o         = done_q;
  assign done_sem_o           = done_sem_q;
  assign done_inc_o           = done_inc_q;
  assign done_addr_o          = done_addr_q;

  ////////////////////////
  // Status             //
  ////////////////////////

  assign idle_o  = (head_q == wr_ptr_q) && !wr_en_q;
  assign busy_o  = !idle_o;
  assign stall_o = busy_o && !(mv_valid && mv_ready);
  assign macs_o  = macs_q;

  // Header fields and operand fields the executor does not use (the instruction was checked).
  logic unused_instr;
  // The engine flags only malformed beats (format, K, M), which checked instructions cannot
  // produce; the assertion below watches it.
  assign unused_instr = ^{out_psum_row_unused, out_accumulate_unused, te_busy_unused, te_error,
                          head_instr.opcode, head_instr.engine, head_instr.flags[3:1],
                          head_instr.wait_sem, head_instr.wait_value, head_instr.dma_queue,
                          head_ps_ap.space, head_ps_ap.dtype, head_ps_ap.addr,
                          head_ps_ap.part_stride, head_ps_ap.part_start, head_ps_ap.dims,
                          head_instr.ap[MatmulStationarySlot], head_instr.ap[MatmulMovingSlot],
                          ps_ap, ps_instr, st_instr, mv_instr};

`ifdef TESSEL_ASSERTS
  always_ff @(posedge clk_i or negedge rst_ni) begin : p_assert
    if (rst_ni) begin
      // The head instruction owns every result beat, so its PSUM walk must be loaded.
      ResultHasHead: assert (!out_valid || ps_valid)
        else $error("tensor_exec: result beat without an instruction to write it");
      EngineNoError: assert (!te_error)
        else $error("tensor_exec: the tensor engine flagged a malformed beat");
    end
  end
`endif

endmodule
