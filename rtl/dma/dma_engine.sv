// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The DMA engine (docs/dma.md): executes checked DMA_COPY instructions from the DMA sequencer.
// Queue q runs on channel q % NumChannels; a channel runs its instructions in order, so copies of
// one queue complete in order, and different channels overlap (each has its own AXI4 master,
// which the core's axi_mux gives its own ID). The channels share the SBUF's DMA port and the PSUM
// DMA read port through round-robin arbiters.
//
//   issue --> channel q % N: [queue] -> walker -> rows -> row mover (AXI4) | on-chip copier
//                                                          \______ SBUF / PSUM ports ______/
//
// Completion: one done pulse per instruction, at most one a cycle (channels wait their turn,
// lowest index first). Errors: an AXI error response stops that copy (no done pulse); err_valid
// pulses once with the failing device address, and the channel stops (dma_channel).
//
// PSUM: the read port is combinational (psum.sv); the engine registers its data, so both memories
// answer one cycle after the grant and the movers see one timing.
module dma_engine #(
  parameter  int unsigned NumParts     = tessel_config_pkg::NumRows,
  parameter  int unsigned BytesPerPart = tessel_config_pkg::SbufBytesPerPartition,
  parameter  int unsigned PsumParts    = tessel_config_pkg::NumCols,
  parameter  int unsigned PsumEntries  = tessel_config_pkg::PsumBanks *
                                         tessel_config_pkg::PsumBankEntries,
  parameter  int unsigned NumChannels  = 2,   // queue q runs on channel q % NumChannels
  localparam int unsigned SbWordW      = $clog2(BytesPerPart / 8),
  localparam int unsigned SbPartW      = NumParts > 1 ? $clog2(NumParts) : 1,
  localparam int unsigned PsWordW      = $clog2(PsumEntries / 2),
  localparam int unsigned PsPartW      = PsumParts > 1 ? $clog2(PsumParts) : 1
) (
  input  logic                                       clk_i,
  input  logic                                       rst_ni,
  input  logic                                       restart_i,  // soft reset: run again
  // issue (from the DMA sequencer): checked DMA_COPY instructions only
  input  logic                                       issue_valid_i,
  output logic                                       issue_ready_o,
  input  tessel_isa_pkg::instr_t                     issue_instr_i,
  input  logic [47:0]                                issue_addr_i,
  // completion: one pulse per instruction
  output logic                                       done_valid_o,
  output logic [5:0]                                 done_sem_o,
  output logic [7:0]                                 done_inc_o,
  output logic [47:0]                                done_addr_o,
  output logic                                       idle_o,
  // runtime error (ErrAxi): the copy does not complete
  output logic                                       err_valid_o,
  output logic [47:0]                                err_addr_o,
  // AXI4 masters, one per channel
  output tessel_axi_pkg::axi_req_t [NumChannels-1:0] axi_req_o,
  input  tessel_axi_pkg::axi_rsp_t [NumChannels-1:0] axi_rsp_i,
  // SBUF DMA port (sbuf.sv dma_*)
  output logic                                       sbuf_req_o,
  input  logic                                       sbuf_gnt_i,
  output logic                                       sbuf_we_o,
  output logic [SbPartW-1:0]                         sbuf_part_o,
  output logic [SbWordW-1:0]                         sbuf_word_o,
  output logic [7:0]                                 sbuf_be_o,
  output logic [63:0]                                sbuf_wdata_o,
  input  logic                                       sbuf_rvalid_i,
  input  logic [63:0]                                sbuf_rdata_i,
  // PSUM DMA read (psum.sv dma_rd_*): combinational data {entry 2w+1, entry 2w}
  output logic [PsPartW-1:0]                         psum_rd_part_o,
  output logic [PsWordW-1:0]                         psum_rd_word_o,
  input  logic [63:0]                                psum_rd_data_i,
  // performance: bytes written to destinations this cycle (PERF_DMA_BYTES), and busy
  output logic [7:0]                                 bytes_written_o,
  output logic                                       busy_o,
  output logic [NumChannels-1:0]                     chan_active_o  // a channel moves data
);

  localparam int unsigned ChW = NumChannels > 1 ? $clog2(NumChannels) : 1;

  // ---- issue: to the queue's channel --------------------------------------------------------
  dma_pkg::dma_cmd_t        cmd;
  logic [ChW-1:0]           issue_ch;
  logic [NumChannels-1:0]   ch_issue_ready, ch_done_req, ch_done_ack, ch_err_req, ch_err_ack;
  logic [NumChannels-1:0]   ch_idle, sb_gnt, sb_rvalid, ps_gnt, ps_rvalid;
  logic [NumChannels-1:0][5:0]  ch_done_sem;
  logic [NumChannels-1:0][7:0]  ch_done_inc;
  logic [NumChannels-1:0][47:0] ch_done_addr, ch_err_addr;
  dma_pkg::dma_mem_req_t [NumChannels-1:0] ch_mem, sb_reqs, ps_reqs;
  dma_pkg::dma_mem_req_t    sb_mem, ps_mem;
  logic                     ps_rvalid_q;
  logic [63:0]              ps_rdata_q;

  assign cmd.dst        = issue_instr_i.ap[tessel_isa_pkg::DmaDstSlot];
  assign cmd.src        = issue_instr_i.ap[tessel_isa_pkg::DmaSrcSlot];
  assign cmd.signal_sem = issue_instr_i.signal_sem;
  assign cmd.signal_inc = issue_instr_i.signal_inc;
  assign cmd.addr       = issue_addr_i;
  assign issue_ch       = ChW'(32'(issue_instr_i.dma_queue) % NumChannels);
  assign issue_ready_o  = ch_issue_ready[issue_ch];

  for (genvar c = 0; c < NumChannels; c++) begin : g_ch
    dma_channel #(
      .NumParts    (NumParts),
      .BytesPerPart(BytesPerPart),
      .PsumParts   (PsumParts),
      .PsumEntries (PsumEntries)
    ) u_channel (
      .clk_i        (clk_i),
      .rst_ni       (rst_ni),
      .restart_i    (restart_i),
      .issue_valid_i(issue_valid_i && issue_ch == ChW'(c)),
      .issue_ready_o(ch_issue_ready[c]),
      .issue_cmd_i  (cmd),
      .done_req_o   (ch_done_req[c]),
      .done_ack_i   (ch_done_ack[c]),
      .done_sem_o   (ch_done_sem[c]),
      .done_inc_o   (ch_done_inc[c]),
      .done_addr_o  (ch_done_addr[c]),
      .err_req_o    (ch_err_req[c]),
      .err_ack_i    (ch_err_ack[c]),
      .err_addr_o   (ch_err_addr[c]),
      .idle_o       (ch_idle[c]),
      .active_o     (chan_active_o[c]),
      .mem_o        (ch_mem[c]),
      .mem_gnt_i    (sb_gnt[c] || ps_gnt[c]),
      .mem_rvalid_i (sb_rvalid[c] || ps_rvalid[c]),
      .mem_rdata_i  (ps_rvalid[c] ? ps_rdata_q : sbuf_rdata_i),
      .axi_req_o    (axi_req_o[c]),
      .axi_rsp_i    (axi_rsp_i[c])
    );

    // Each request goes to the arbiter of the memory it names.
    always_comb begin
      sb_reqs[c]     = ch_mem[c];
      sb_reqs[c].req = ch_mem[c].req && !ch_mem[c].psum;
      ps_reqs[c]     = ch_mem[c];
      ps_reqs[c].req = ch_mem[c].req && ch_mem[c].psum;
    end
  end

  // ---- completion and error pulses: one a cycle, lowest channel first -----------------------
  always_comb begin
    done_valid_o = 1'b0;
    done_sem_o   = ch_done_sem[0];
    done_inc_o   = ch_done_inc[0];
    done_addr_o  = ch_done_addr[0];
    ch_done_ack  = '0;
    err_valid_o  = 1'b0;
    err_addr_o   = ch_err_addr[0];
    ch_err_ack   = '0;
    for (int unsigned c = 0; c < NumChannels; c++) begin
      if (ch_done_req[c] && !done_valid_o) begin
        done_valid_o   = 1'b1;
        done_sem_o     = ch_done_sem[c];
        done_inc_o     = ch_done_inc[c];
        done_addr_o    = ch_done_addr[c];
        ch_done_ack[c] = 1'b1;
      end
      if (ch_err_req[c] && !err_valid_o) begin
        err_valid_o   = 1'b1;
        err_addr_o    = ch_err_addr[c];
        ch_err_ack[c] = 1'b1;
      end
    end
  end

  // ---- SBUF port ----------------------------------------------------------------------------
  dma_port_arb #(.N(NumChannels)) u_sb_arb (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .req_i   (sb_reqs),
    .gnt_o   (sb_gnt),
    .rvalid_o(sb_rvalid),
    .mem_o   (sb_mem),
    .gnt_i   (sbuf_gnt_i),
    .rvalid_i(sbuf_rvalid_i)
  );

  assign sbuf_req_o   = sb_mem.req;
  assign sbuf_we_o    = sb_mem.we;
  assign sbuf_part_o  = SbPartW'(sb_mem.part);
  assign sbuf_word_o  = SbWordW'(sb_mem.word);
  assign sbuf_be_o    = sb_mem.be;
  assign sbuf_wdata_o = sb_mem.wdata;

  // ---- PSUM read port (always granted; data registered here) ---------------------------------
  dma_port_arb #(.N(NumChannels)) u_ps_arb (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .req_i   (ps_reqs),
    .gnt_o   (ps_gnt),
    .rvalid_o(ps_rvalid),
    .mem_o   (ps_mem),
    .gnt_i   (1'b1),
    .rvalid_i(ps_rvalid_q)
  );

  assign psum_rd_part_o = PsPartW'(ps_mem.part);
  assign psum_rd_word_o = PsWordW'(ps_mem.word);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ps_rvalid_q <= 1'b0;
      ps_rdata_q  <= '0;
    end else begin
      ps_rvalid_q <= ps_mem.req;
      if (ps_mem.req) begin
        ps_rdata_q <= psum_rd_data_i;
      end
    end
  end

  // ---- performance --------------------------------------------------------------------------
  // Bytes written this cycle: SBUF write grants plus W beats accepted, counted by their enables.
  always_comb begin
    bytes_written_o = '0;
    if (sb_mem.req && sb_mem.we && sbuf_gnt_i) begin
      bytes_written_o = 8'($countones(sb_mem.be));
    end
    for (int unsigned c = 0; c < NumChannels; c++) begin
      if (axi_req_o[c].w_valid && axi_rsp_i[c].w_ready) begin
        bytes_written_o += 8'($countones(axi_req_o[c].w.strb));
      end
    end
  end

  assign idle_o = &ch_idle;
  assign busy_o = !idle_o;

  // Fields of the memory requests a port does not use, and instruction fields DMA_COPY ignores.
  logic unused;
  assign unused = ^{sb_mem.psum, ps_mem.psum, ps_mem.we, ps_mem.be, ps_mem.wdata,
                    sb_mem.part, sb_mem.word, ps_mem.part, ps_mem.word,
                    issue_instr_i.opcode, issue_instr_i.engine, issue_instr_i.flags,
                    issue_instr_i.wait_sem, issue_instr_i.wait_value,
                    issue_instr_i.ap[2]};

endmodule
