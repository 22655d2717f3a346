// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// One DMA channel (docs/dma.md): runs its DMA_COPY instructions one after the other, in the
// order issued. An instruction is walked into rows (dma_walker); rows with a device-memory side
// go to the AXI4 row mover (dma_row_mover, which reads PSUM instead of SBUF for PSUM -> DRAM),
// which takes them back to back and overlaps each row's bursts with the previous row's; on-chip
// rows go to the copier (dma_onchip_copy), one at a time. The instruction completes once its
// last row has ended (for DRAM writes: every write response received); the channel then holds a
// completion request until the engine takes it, and only then starts the next instruction.
//
// An AXI error ends the row in error: the walker is dropped, the channel holds an error request
// (the failing address) until taken, and then stops for good: instructions still queued or
// issued later are dropped without completing (the core halts on the error); restart_i (the
// core's soft reset, once the core is quiet) makes it idle again.
module dma_channel #(
  parameter  int unsigned NumParts     = 4,
  parameter  int unsigned BytesPerPart = 4096,
  parameter  int unsigned PsumParts    = 4,
  parameter  int unsigned PsumEntries  = 512,
  parameter  int unsigned Depth        = 2,   // instructions queued behind the running one
  localparam int unsigned MoverParts   = NumParts > PsumParts ? NumParts : PsumParts,
  localparam int unsigned MoverBytes   = BytesPerPart > 4 * PsumEntries ? BytesPerPart
                                                                        : 4 * PsumEntries
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  logic                     restart_i,      // leave the stopped state after an error
  input  logic                     issue_valid_i,
  output logic                     issue_ready_o,
  input  dma_pkg::dma_cmd_t        issue_cmd_i,
  output logic                     done_req_o,     // held until done_ack_i
  input  logic                     done_ack_i,
  output logic [5:0]               done_sem_o,
  output logic [7:0]               done_inc_o,
  output logic [47:0]              done_addr_o,
  output logic                     err_req_o,      // held until err_ack_i
  input  logic                     err_ack_i,
  output logic [47:0]              err_addr_o,
  output logic                     idle_o,
  output logic                     active_o,       // a row is moving data this cycle
  output dma_pkg::dma_mem_req_t    mem_o,
  input  logic                     mem_gnt_i,
  input  logic                     mem_rvalid_i,
  input  logic [63:0]              mem_rdata_i,
  output tessel_axi_pkg::axi_req_t axi_req_o,
  input  tessel_axi_pkg::axi_rsp_t axi_rsp_i
);

  localparam int unsigned WordW = $clog2(MoverBytes / 8);
  localparam int unsigned AddrW = WordW + 3;
  localparam int unsigned LenW  = AddrW + 1;
  localparam int unsigned PartW = MoverParts > 1 ? $clog2(MoverParts) : 1;

  typedef enum logic [2:0] {
    Idle = 3'd0,
    Run  = 3'd1,
    Done = 3'd2,
    Err  = 3'd3,
    Dead = 3'd4
  } state_e;

  state_e            state_q;
  dma_pkg::dma_cmd_t head;
  logic              src_psum_q;   // the running instruction reads PSUM
  logic [5:0]        sem_q;        // and what its completion reports
  logic [7:0]        inc_q;
  logic [47:0]       addr_q;
  logic              fifo_empty, fifo_full, start, fifo_pop;
  logic [47:0]       err_addr_q;

  // ---- instruction queue --------------------------------------------------------------------
  dma_fifo #(
    .T    (dma_pkg::dma_cmd_t),
    .Depth(Depth)
  ) u_fifo (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .push_i (issue_valid_i),
    .data_i (issue_cmd_i),
    .pop_i  (fifo_pop),
    .data_o (head),
    .empty_o(fifo_empty),
    .full_o (fifo_full)
  );

  assign start         = state_q == Idle && !fifo_empty;
  assign fifo_pop      = start || state_q == Dead;
  // A stopped channel takes what it is sent and drops it.
  assign issue_ready_o = !fifo_full || state_q == Dead;

  // ---- walker -------------------------------------------------------------------------------
  logic              row_valid, row_ready, row_last, walk_busy, walk_ready, to_mover, to_dram;
  dma_pkg::dma_row_t row;

  dma_walker u_walker (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .cmd_valid_i(start),
    .cmd_ready_o(walk_ready),
    .cmd_dst_i  (head.dst),
    .cmd_src_i  (head.src),
    .flush_i    (state_q == Err),
    .row_valid_o(row_valid),
    .row_ready_i(row_ready),
    .row_o      (row),
    .row_last_o (row_last),
    .busy_o     (walk_busy)
  );

  assign to_dram  = row.dst_space == tessel_isa_pkg::SpaceDram;
  assign to_mover = to_dram || row.src_space == tessel_isa_pkg::SpaceDram;

  // ---- row mover (device memory on one side) -------------------------------------------------
  logic             mv_ready, mv_done, mv_error, mv_busy;
  logic [1:0]       mv_resp;
  logic [47:0]      mv_err_addr;
  logic             mv_req, mv_we;
  logic [PartW-1:0] mv_part;
  logic [WordW-1:0] mv_word;
  logic [7:0]       mv_be;
  logic [63:0]      mv_wdata;
  logic             cp_ready, cp_busy;
  dma_pkg::dma_mem_req_t cp_mem;

  dma_row_mover #(
    .NumParts    (MoverParts),
    .BytesPerPart(MoverBytes)
  ) u_mover (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .cmd_valid_i    (state_q == Run && row_valid && to_mover),
    .cmd_ready_o    (mv_ready),
    .cmd_to_dram_i  (to_dram),
    .cmd_dram_addr_i(to_dram ? row.dst_addr : row.src_addr),
    .cmd_part_i     (PartW'(to_dram ? row.src_part : row.dst_part)),
    .cmd_sbuf_addr_i(AddrW'(to_dram ? row.src_addr : row.dst_addr)),
    .cmd_bytes_i    (LenW'(row.bytes)),
    .done_o         (mv_done),
    .done_error_o   (mv_error),
    .done_resp_o    (mv_resp),
    .done_err_addr_o(mv_err_addr),
    .busy_o         (mv_busy),
    .sb_req_o       (mv_req),
    .sb_gnt_i       (mem_gnt_i),
    .sb_we_o        (mv_we),
    .sb_part_o      (mv_part),
    .sb_word_o      (mv_word),
    .sb_be_o        (mv_be),
    .sb_wdata_o     (mv_wdata),
    .sb_rvalid_i    (mem_rvalid_i),
    .sb_rdata_i     (mem_rdata_i),
    .axi_req_o      (axi_req_o),
    .axi_rsp_i      (axi_rsp_i)
  );

  // ---- on-chip copier (SBUF/PSUM -> SBUF) ------------------------------------------------------
  dma_onchip_copy u_copy (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .cmd_valid_i (state_q == Run && row_valid && !to_mover),
    .cmd_ready_o (cp_ready),
    .cmd_i       (row),
    .busy_o      (cp_busy),
    .mem_o       (cp_mem),
    .mem_gnt_i   (mem_gnt_i),
    .mem_rvalid_i(mem_rvalid_i),
    .mem_rdata_i (mem_rdata_i)
  );

  assign row_ready = state_q == Run && (to_mover ? mv_ready : cp_ready);

  // The one unit that is busy owns the memory port (an instruction's rows all go to the mover or
  // all to the copier). The mover reads PSUM instead of SBUF when the instruction's source is
  // PSUM.
  always_comb begin
    mem_o = cp_mem;
    if (mv_busy) begin
      mem_o.req   = mv_req;
      mem_o.psum  = !mv_we && src_psum_q;
      mem_o.we    = mv_we;
      mem_o.part  = 8'(mv_part);
      mem_o.word  = 24'(mv_word);
      mem_o.be    = mv_be;
      mem_o.wdata = mv_wdata;
    end
  end

  // ---- completion and errors ----------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= Idle;
      src_psum_q <= 1'b0;
      sem_q      <= '0;
      inc_q      <= '0;
      addr_q     <= '0;
      err_addr_q <= '0;
    end else begin
      unique case (state_q)
        Idle: begin
          if (start) begin
            state_q    <= Run;
            src_psum_q <= head.src.space == tessel_isa_pkg::SpacePsum;
            sem_q      <= head.signal_sem;
            inc_q      <= head.signal_inc;
            addr_q     <= head.addr;
          end
        end
        Run: begin
          if (mv_done && mv_error) begin
            state_q    <= Err;
            err_addr_q <= mv_err_addr;
          end else if (!walk_busy && !mv_busy && !cp_busy) begin
            state_q <= Done;
          end
        end
        Done: begin
          if (done_ack_i) begin
            state_q <= Idle;
          end
        end
        Err: begin
          if (err_ack_i) begin
            state_q <= Dead;
          end
        end
        Dead: begin
          if (restart_i) begin
            state_q <= Idle;
          end
        end
        default: state_q <= Idle;
      endcase
    end
  end

  assign done_req_o  = state_q == Done;
  assign done_sem_o  = sem_q;
  assign done_inc_o  = inc_q;
  assign done_addr_o = addr_q;
  assign err_req_o   = state_q == Err;
  assign err_addr_o  = err_addr_q;
  assign idle_o      = (state_q == Idle && fifo_empty) || state_q == Dead;
  assign active_o    = mv_busy || cp_busy;

  // The error response kind (SLVERR/DECERR) is not reported: ERROR_CAUSE is AxiError for both.
  // The walker's ready and last-row flags are implied by the state machine (loaded only when
  // idle; done when nothing is busy).
  logic unused;
  assign unused = ^{mv_resp, walk_ready, row_last};

endmodule
