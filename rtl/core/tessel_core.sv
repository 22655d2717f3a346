// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
`include "tessel_axi_flat.svh"

// The Tessel core (docs/core.md): four sequencers (tensor, vector, scalar, DMA) fetching their
// instruction streams over one AXI4 master, the tensor-engine and DMA executors, SBUF and PSUM,
// the semaphores and registers behind an AXI4-Lite slave, and one interrupt line.
//
//                 +-------------------- AXI4-Lite: tessel_regs_top (SEM, STREAM_*, CONTROL...) --+
//                 |                                                                             |
//  AXI4 master <--+ axi_mux <-- 4 x sequencer fetch         core_ctrl, sem_update, perf_counters |
//                 |        <-- DMA channels (dma_engine) ---------> SBUF dma port, PSUM dma read |
//                 |  sequencer[tensor] --issue--> tensor_exec --er0/er1--> SBUF, --wr--> PSUM    |
//                 |  sequencer[dma]    --issue--> dma_engine                                     |
//                 |  sequencer[vector], sequencer[scalar]: NOP/END only until issue 4            |
//
// The vector and scalar engines arrive with issue 4; their sequencers run NOP and END (every
// other opcode of theirs is IllegalOpcode today), so their streams already synchronise.
//
// The dbg_* ports are a testbench backdoor into SBUF and PSUM, honoured only while the core is
// idle (STATUS.busy = 0), so that tests can initialise and read back whole memories in a few
// thousand cycles. Software never sees them; a silicon core would map them to its debug module.
//
// Ports are flat (no structs) so that the C++ testbench and other tools can drive them; inside,
// every AXI4 bus is a tessel_axi_pkg request/response pair.
module tessel_core
  import tessel_isa_pkg::*;
  import tessel_axi_pkg::*;
  import tessel_reg_pkg::*;
#(
  parameter  int unsigned    Rows          = tessel_config_pkg::NumRows,
  parameter  int unsigned    Cols          = tessel_config_pkg::NumCols,
  parameter  int unsigned    SbufBytes     = tessel_config_pkg::SbufBytesPerPartition,
  parameter  int unsigned    PsumBanks     = tessel_config_pkg::PsumBanks,
  parameter  int unsigned    PsumBankBytes = tessel_config_pkg::PsumBankBytes,
  parameter  logic [48:0]    DramBytes     = 49'h1_0000_0000,
  parameter  int unsigned    DmaChannels   = 4,   // DMA queue q runs on channel q % DmaChannels
  parameter  int unsigned    FetchDepth    = 4,
  localparam int unsigned    PsumEntries   = PsumBanks * PsumBankBytes / 4,
  localparam int unsigned    PsumRowW      = $clog2(PsumEntries),
  localparam int unsigned    SbufAddrW     = $clog2(SbufBytes)
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  // device memory: instruction fetch and DMA
  `TESSEL_AXI4_MASTER_PORTS(m_axi),
  // registers
  `TESSEL_AXIL_SLAVE_PORTS(s_axil, AddrWidth),
  output logic                       irq_o,
  // testbench backdoor (idle core only)
  input  logic                       dbg_sbuf_req_i,
  input  logic                       dbg_sbuf_we_i,
  input  logic [SbufAddrW-1:0]       dbg_sbuf_addr_i,   // byte offset, 4-byte aligned
  input  logic [Rows-1:0][31:0]      dbg_sbuf_wdata_i,
  output logic                       dbg_sbuf_rvalid_o,
  output logic [Rows-1:0][31:0]      dbg_sbuf_rdata_o,
  input  logic                       dbg_psum_we_i,
  input  logic [PsumRowW-1:0]        dbg_psum_row_i,
  input  logic [Cols-1:0][31:0]      dbg_psum_wdata_i,
  output logic [Cols-1:0][31:0]      dbg_psum_rdata_o,
  output logic                       idle_o
);

  localparam int unsigned E         = NumEngines;
  // Engine indices of the per-engine arrays (the engine_e codes).
  localparam int unsigned Tensor    = 32'(EngTensor);
  localparam int unsigned Vector    = 32'(EngVector);
  localparam int unsigned Scalar    = 32'(EngScalar);
  localparam int unsigned Dma       = 32'(EngDma);
  localparam int unsigned AxiPorts  = E + DmaChannels;  // fetch ports first, then DMA channels
  localparam int unsigned SbufWordW = $clog2(SbufBytes / 8);
  localparam int unsigned PartW     = Rows > 1 ? $clog2(Rows) : 1;
  localparam int unsigned CPartW    = Cols > 1 ? $clog2(Cols) : 1;
  localparam int unsigned MacsW     = $clog2(Rows * Cols + 1);

  // ---- registers ----------------------------------------------------------------------------
  hw2reg_t hw2reg;
  reg2hw_t reg2hw;

  tessel_regs_top u_regs (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    `TESSEL_AXIL_SLAVE_CONNECT(s_axil),
    .irq_o   (irq_o),
    .hw2reg_i(hw2reg),
    .reg2hw_o(reg2hw)
  );

  logic [NumSems-1:0][31:0] sem;
  for (genvar id = 0; id < NumSems; id++) begin : g_sem
    assign sem[id] = reg2hw.sem[id].value;
  end

  // ---- sequencers ---------------------------------------------------------------------------
  axi_req_t [AxiPorts-1:0]  port_req;
  axi_rsp_t [AxiPorts-1:0]  port_rsp;
  axi_req_t                 axi_req;
  axi_rsp_t                 axi_rsp;

  logic [E-1:0]             seq_start, seq_running, seq_ended, seq_quiet, seq_stall;
  logic [E-1:0]             issue_valid, issue_ready, exec_idle;
  instr_t [E-1:0]           issue_instr;
  logic [E-1:0][47:0]       issue_addr;
  logic [E-1:0]             sig_valid;
  logic [E-1:0][5:0]        sig_sem;
  logic [E-1:0][7:0]        sig_inc;
  logic [E-1:0][47:0]       sig_addr;
  logic [E-1:0]             seq_err_valid;
  error_e [E-1:0]           seq_err_code;
  logic [E-1:0][47:0]       seq_err_addr;
  logic [E-1:0]             stream_used;
  logic                     halt;

  // Streams are whole 64-byte instructions at 64-byte aligned addresses in the 48-bit device
  // address space: the hardware ignores the low 6 bits of STREAM_BASE and STREAM_LEN and the
  // high 16 bits of STREAM_BASE, so a fetch can never be misaligned or cross 4 KiB.
  logic [E-1:0][47:0] stream_base;
  logic [E-1:0][31:0] stream_len;

  for (genvar e = 0; e < E; e++) begin : g_seq
    assign stream_base[e] = {reg2hw.stream_base[e].addr[47:6], 6'b0};
    assign stream_len[e]  = {reg2hw.stream_len[e].bytes[31:6], 6'b0};
    assign stream_used[e] = stream_len[e] != '0;

    sequencer #(
      .Engine       (4'(e)),
      .FetchDepth   (FetchDepth),
      .Rows         (Rows),
      .Cols         (Cols),
      .SbufBytes    (SbufBytes),
      .PsumBanks    (PsumBanks),
      .PsumBankBytes(PsumBankBytes),
      .DramBytes    (DramBytes)
    ) u_seq (
      .clk_i        (clk_i),
      .rst_ni       (rst_ni),
      .start_i      (seq_start[e]),
      .base_i       (stream_base[e]),
      .len_i        (stream_len[e]),
      .halt_i       (halt),
      .running_o    (seq_running[e]),
      .ended_o      (seq_ended[e]),
      .quiet_o      (seq_quiet[e]),
      .axi_req_o    (port_req[e]),
      .axi_rsp_i    (port_rsp[e]),
      .sem_i        (sem),
      .issue_valid_o(issue_valid[e]),
      .issue_ready_i(issue_ready[e]),
      .issue_instr_o(issue_instr[e]),
      .issue_addr_o (issue_addr[e]),
      .exec_idle_i  (exec_idle[e]),
      .sig_valid_o  (sig_valid[e]),
      .sig_sem_o    (sig_sem[e]),
      .sig_inc_o    (sig_inc[e]),
      .sig_addr_o   (sig_addr[e]),
      .err_valid_o  (seq_err_valid[e]),
      .err_code_o   (seq_err_code[e]),
      .err_addr_o   (seq_err_addr[e]),
      .stall_o      (seq_stall[e])
    );
  end

  // The vector and scalar engines do not exist yet: their sequencers never issue (every opcode
  // that would reach an executor is rejected by their checks), so nothing is ever incomplete.
  assign issue_ready[Vector] = 1'b0;
  assign issue_ready[Scalar] = 1'b0;
  assign exec_idle[Vector]   = 1'b1;
  assign exec_idle[Scalar]   = 1'b1;

  // ---- SBUF and PSUM ------------------------------------------------------------------------
  logic                  dbg_en;  // the backdoor owns the engine ports while the core is idle
  logic                  er0_req, er0_gnt, er0_rvalid, er1_req, er1_gnt, er1_rvalid;
  logic [SbufAddrW-1:0]  er0_addr, er1_addr;
  logic [1:0]            er0_size, er1_size;
  logic [Rows-1:0][31:0] er0_rdata, er1_rdata;
  logic                  te_er0_req;
  logic [SbufAddrW-1:0]  te_er0_addr;
  logic [1:0]            te_er0_size;
  logic                  ew_gnt;
  logic                  sb_req, sb_gnt, sb_we, sb_rvalid;
  logic [PartW-1:0]      sb_part;
  logic [SbufWordW-1:0]  sb_word;
  logic [7:0]            sb_be;
  logic [63:0]           sb_wdata, sb_rdata;
  logic [31:0]           stall_er1, stall_ew, stall_dma;

  assign er0_req  = dbg_en ? dbg_sbuf_req_i && !dbg_sbuf_we_i : te_er0_req;
  assign er0_addr = dbg_en ? dbg_sbuf_addr_i : te_er0_addr;
  assign er0_size = dbg_en ? 2'd2 : te_er0_size;

  sbuf #(
    .NumParts    (Rows),
    .BytesPerPart(SbufBytes)
  ) u_sbuf (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .er0_req_i   (er0_req),
    .er0_gnt_o   (er0_gnt),
    .er0_addr_i  (er0_addr),
    .er0_size_i  (er0_size),
    .er0_rvalid_o(er0_rvalid),
    .er0_rdata_o (er0_rdata),
    .er1_req_i   (er1_req),
    .er1_gnt_o   (er1_gnt),
    .er1_addr_i  (er1_addr),
    .er1_size_i  (er1_size),
    .er1_rvalid_o(er1_rvalid),
    .er1_rdata_o (er1_rdata),
    .ew_req_i    (dbg_en && dbg_sbuf_req_i && dbg_sbuf_we_i),
    .ew_gnt_o    (ew_gnt),
    .ew_addr_i   (dbg_sbuf_addr_i),
    .ew_size_i   (2'd2),
    .ew_mask_i   ({Rows{1'b1}}),
    .ew_wdata_i  (dbg_sbuf_wdata_i),
    .dma_req_i   (sb_req),
    .dma_gnt_o   (sb_gnt),
    .dma_we_i    (sb_we),
    .dma_part_i  (sb_part),
    .dma_word_i  (sb_word),
    .dma_be_i    (sb_be),
    .dma_wdata_i (sb_wdata),
    .dma_rvalid_o(sb_rvalid),
    .dma_rdata_o (sb_rdata),
    .stall_er1_o (stall_er1),
    .stall_ew_o  (stall_ew),
    .stall_dma_o (stall_dma)
  );

  assign dbg_sbuf_rvalid_o = dbg_en && er0_rvalid;
  logic dma_sb_stall;
  assign dma_sb_stall = sb_req && !sb_gnt;
  assign dbg_sbuf_rdata_o  = er0_rdata;

  logic                  psum_wr_en, psum_wr_acc, psum_wr_error, te_psum_wr_en, te_psum_wr_acc;
  logic [PsumRowW-1:0]   psum_wr_row, te_psum_wr_row;
  logic [Cols-1:0]       psum_wr_mask, te_psum_wr_mask;
  logic [Cols-1:0][31:0] psum_wr_data, te_psum_wr_data;
  logic [CPartW-1:0]     psum_dma_part;
  logic [PsumRowW-2:0]   psum_dma_word;
  logic [63:0]           psum_dma_data;

  assign psum_wr_en   = dbg_en ? dbg_psum_we_i : te_psum_wr_en;
  assign psum_wr_row  = dbg_en ? dbg_psum_row_i : te_psum_wr_row;
  assign psum_wr_acc  = dbg_en ? 1'b0 : te_psum_wr_acc;
  assign psum_wr_mask = dbg_en ? {Cols{1'b1}} : te_psum_wr_mask;
  assign psum_wr_data = dbg_en ? dbg_psum_wdata_i : te_psum_wr_data;

  psum #(
    .Cols       (Cols),
    .Banks      (PsumBanks),
    .BankEntries(PsumBankBytes / 4)
  ) u_psum (
    .clk_i          (clk_i),
    .wr_en_i        (psum_wr_en),
    .wr_row_i       (psum_wr_row),
    .wr_accumulate_i(psum_wr_acc),
    .wr_mask_i      (psum_wr_mask),
    .wr_data_i      (psum_wr_data),
    .wr_error_o     (psum_wr_error),
    .rd_row_i       (dbg_psum_row_i),
    .rd_data_o      (dbg_psum_rdata_o),
    .dma_rd_part_i  (psum_dma_part),
    .dma_rd_word_i  (psum_dma_word),
    .dma_rd_data_o  (psum_dma_data)
  );

  // ---- executors ----------------------------------------------------------------------------
  logic               te_done_valid, dma_done_valid, te_idle, dma_idle, te_busy, dma_busy;
  logic               te_stall;
  logic [5:0]         te_done_sem, dma_done_sem;
  logic [7:0]         te_done_inc, dma_done_inc;
  logic [47:0]        te_done_addr, dma_done_addr;
  logic [MacsW-1:0]   te_macs;
  logic               dma_err_valid;
  logic [47:0]        dma_err_addr;
  logic [7:0]         dma_bytes;
  logic [DmaChannels-1:0] dma_chan_active;  // for waveforms: which channels move data

  tensor_exec #(
    .Rows       (Rows),
    .Cols       (Cols),
    .Banks      (PsumBanks),
    .BankEntries(PsumBankBytes / 4),
    .SbufBytes  (SbufBytes)
  ) u_tensor_exec (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .issue_valid_i  (issue_valid[Tensor]),
    .issue_ready_o  (issue_ready[Tensor]),
    .issue_instr_i  (issue_instr[Tensor]),
    .issue_addr_i   (issue_addr[Tensor]),
    .done_valid_o   (te_done_valid),
    .done_sem_o     (te_done_sem),
    .done_inc_o     (te_done_inc),
    .done_addr_o    (te_done_addr),
    .idle_o         (te_idle),
    .er0_req_o      (te_er0_req),
    .er0_gnt_i      (er0_gnt && !dbg_en),
    .er0_addr_o     (te_er0_addr),
    .er0_size_o     (te_er0_size),
    .er0_rvalid_i   (er0_rvalid && !dbg_en),
    .er0_rdata_i    (er0_rdata),
    .er1_req_o      (er1_req),
    .er1_gnt_i      (er1_gnt),
    .er1_addr_o     (er1_addr),
    .er1_size_o     (er1_size),
    .er1_rvalid_i   (er1_rvalid),
    .er1_rdata_i    (er1_rdata),
    .psum_wr_en_o   (te_psum_wr_en),
    .psum_wr_row_o  (te_psum_wr_row),
    .psum_wr_acc_o  (te_psum_wr_acc),
    .psum_wr_mask_o (te_psum_wr_mask),
    .psum_wr_data_o (te_psum_wr_data),
    .macs_o         (te_macs),
    .busy_o         (te_busy),
    .stall_o        (te_stall)
  );
  assign exec_idle[Tensor] = te_idle;

  dma_engine #(
    .NumParts    (Rows),
    .BytesPerPart(SbufBytes),
    .PsumParts   (Cols),
    .PsumEntries (PsumEntries),
    .NumChannels (DmaChannels)
  ) u_dma_engine (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .restart_i      (restart),
    .issue_valid_i  (issue_valid[Dma]),
    .issue_ready_o  (issue_ready[Dma]),
    .issue_instr_i  (issue_instr[Dma]),
    .issue_addr_i   (issue_addr[Dma]),
    .done_valid_o   (dma_done_valid),
    .done_sem_o     (dma_done_sem),
    .done_inc_o     (dma_done_inc),
    .done_addr_o    (dma_done_addr),
    .idle_o         (dma_idle),
    .err_valid_o    (dma_err_valid),
    .err_addr_o     (dma_err_addr),
    .axi_req_o      (port_req[AxiPorts-1:E]),
    .axi_rsp_i      (port_rsp[AxiPorts-1:E]),
    .sbuf_req_o     (sb_req),
    .sbuf_gnt_i     (sb_gnt),
    .sbuf_we_o      (sb_we),
    .sbuf_part_o    (sb_part),
    .sbuf_word_o    (sb_word),
    .sbuf_be_o      (sb_be),
    .sbuf_wdata_o   (sb_wdata),
    .sbuf_rvalid_i  (sb_rvalid),
    .sbuf_rdata_i   (sb_rdata),
    .psum_rd_part_o (psum_dma_part),
    .psum_rd_word_o (psum_dma_word),
    .psum_rd_data_i (psum_dma_data),
    .bytes_written_o(dma_bytes),
    .busy_o         (dma_busy),
    .chan_active_o  (dma_chan_active)
  );
  assign exec_idle[Dma] = dma_idle;

  // ---- AXI4 ---------------------------------------------------------------------------------
  axi_mux #(
    .NumPorts(AxiPorts)
  ) u_axi_mux (
    .clk_i    (clk_i),
    .rst_ni   (rst_ni),
    .slv_req_i(port_req),
    .slv_rsp_o(port_rsp),
    .mst_req_o(axi_req),
    .mst_rsp_i(axi_rsp)
  );

  `TESSEL_AXI4_MASTER_ASSIGN(m_axi, axi_req, axi_rsp)

  // ---- semaphores, control, counters --------------------------------------------------------
  localparam int unsigned SigSrc = E + 2;  // NOP/END of each sequencer, tensor and DMA completions
  logic [SigSrc-1:0]       src_valid;
  logic [SigSrc-1:0][5:0]  src_sem;
  logic [SigSrc-1:0][7:0]  src_inc;
  logic [SigSrc-1:0][3:0]  src_engine;
  logic [SigSrc-1:0][47:0] src_addr;
  logic [NumSems-1:0][15:0] sem_inc;
  logic                    sem_err_valid;
  logic [3:0]              sem_err_engine;
  logic [47:0]             sem_err_addr;

  always_comb begin
    for (int unsigned e = 0; e < E; e++) begin
      src_valid[e]  = sig_valid[e];
      src_sem[e]    = sig_sem[e];
      src_inc[e]    = sig_inc[e];
      src_engine[e] = 4'(e);
      src_addr[e]   = sig_addr[e];
    end
    src_valid[E]    = te_done_valid;
    src_sem[E]      = te_done_sem;
    src_inc[E]      = te_done_inc;
    src_engine[E]   = EngTensor;
    src_addr[E]     = te_done_addr;
    src_valid[E+1]  = dma_done_valid;
    src_sem[E+1]    = dma_done_sem;
    src_inc[E+1]    = dma_done_inc;
    src_engine[E+1] = EngDma;
    src_addr[E+1]   = dma_done_addr;
  end

  sem_update #(
    .NumSrc(SigSrc)
  ) u_sem_update (
    .src_valid_i (src_valid),
    .src_sem_i   (src_sem),
    .src_inc_i   (src_inc),
    .src_engine_i(src_engine),
    .src_addr_i  (src_addr),
    .sem_i       (sem),
    .sem_inc_o   (sem_inc),
    .err_valid_o (sem_err_valid),
    .err_engine_o(sem_err_engine),
    .err_addr_o  (sem_err_addr)
  );

  // Runtime errors: a semaphore overflow, else a DMA AXI error.
  logic        run_err_valid;
  error_e      run_err_code;
  logic [3:0]  run_err_engine;
  logic [47:0] run_err_addr;
  assign run_err_valid  = sem_err_valid || dma_err_valid;
  assign run_err_code   = sem_err_valid ? ErrSemMisuse : ErrAxi;
  assign run_err_engine = sem_err_valid ? sem_err_engine : EngDma;
  assign run_err_addr   = sem_err_valid ? sem_err_addr : dma_err_addr;

  logic        busy, done, error, irq_done, irq_error, restart;
  logic [E-1:0] engine_busy;
  error_e      err_code;
  logic [3:0]  err_engine;
  logic [47:0] err_addr;

  core_ctrl u_ctrl (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .start_i         (reg2hw.control.start),
    .soft_reset_i    (reg2hw.control.soft_reset),
    .stream_used_i   (stream_used),
    .seq_start_o     (seq_start),
    .halt_o          (halt),
    .seq_running_i   (seq_running),
    .seq_ended_i     (seq_ended),
    .seq_quiet_i     (seq_quiet),
    .exec_idle_i     (exec_idle),
    .seq_err_valid_i (seq_err_valid),
    .seq_err_code_i  (seq_err_code),
    .seq_err_addr_i  (seq_err_addr),
    .run_err_valid_i (run_err_valid),
    .run_err_code_i  (run_err_code),
    .run_err_engine_i(run_err_engine),
    .run_err_addr_i  (run_err_addr),
    .busy_o          (busy),
    .done_o          (done),
    .error_o         (error),
    .engine_busy_o   (engine_busy),
    .err_code_o      (err_code),
    .err_engine_o    (err_engine),
    .err_addr_o      (err_addr),
    .irq_done_o      (irq_done),
    .irq_error_o     (irq_error),
    .restart_o       (restart)
  );

  assign dbg_en = !busy;
  assign idle_o = !busy;

  logic [63:0]             perf_cycles, perf_macs, perf_dma_bytes;
  logic [E-1:0][63:0]      perf_busy, perf_stall;
  logic [E-1:0]            exec_busy, stall;
  // The vector and scalar engines have no executor yet: never busy.
  assign exec_busy = {dma_busy, 1'b0, 1'b0, te_busy};
  // An engine stalls when its sequencer holds an instruction it cannot issue, or when its
  // executor waits for a memory port or the bus.
  assign stall = seq_stall | {dma_sb_stall, 1'b0, 1'b0, te_stall};

  perf_counters #(
    .MacsW (MacsW),
    .BytesW(8)
  ) u_perf (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clear_i    (reg2hw.control.clear_perf),
    .macs_i     (te_macs),
    .dma_bytes_i(dma_bytes),
    .busy_i     (exec_busy),
    .stall_i    (stall),
    .cycles_o   (perf_cycles),
    .macs_o     (perf_macs),
    .dma_bytes_o(perf_dma_bytes),
    .busy_o     (perf_busy),
    .stall_o    (perf_stall)
  );

  always_comb begin
    hw2reg                       = '0;
    hw2reg.status.busy           = busy;
    hw2reg.status.done           = done;
    hw2reg.status.error          = error;
    hw2reg.status.engine_busy    = engine_busy;
    hw2reg.error_cause.code      = 8'(err_code);
    hw2reg.error_engine.engine   = err_engine;
    hw2reg.error_addr.addr       = 64'(err_addr);
    hw2reg.intr_status.done_set  = irq_done;
    hw2reg.intr_status.error_set = irq_error;
    for (int unsigned id = 0; id < NumSems; id++) hw2reg.sem[id].value_inc = sem_inc[id];
    hw2reg.perf_cycles.count     = perf_cycles;
    hw2reg.perf_macs.count       = perf_macs;
    hw2reg.perf_dma_bytes.count  = perf_dma_bytes;
    for (int unsigned e = 0; e < E; e++) begin
      hw2reg.perf_busy[e].count  = perf_busy[e];
      hw2reg.perf_stall[e].count = perf_stall[e];
    end
    hw2reg.perf_sbuf_stall[0].count = stall_er1;
    hw2reg.perf_sbuf_stall[1].count = stall_ew;
    hw2reg.perf_sbuf_stall[2].count = stall_dma;
  end

  // Not used, on purpose: SCRATCH and the interrupt registers are software's (the register
  // block drives the interrupt line); the vector and scalar sequencers never issue; the SBUF write
  // port is only the backdoor's while the core is idle (always granted); the tensor executor
  // writes only rows its checked instruction names, so PSUM never reports an address error;
  // the channel activity is for waveforms.
  logic unused;
  assign unused = ^{reg2hw.scratch, reg2hw.intr_status, reg2hw.stream_base, reg2hw.stream_len, reg2hw.intr_enable, reg2hw.intr_test,
                    issue_valid[Vector], issue_valid[Scalar], issue_instr[Vector],
                    issue_instr[Scalar], issue_addr[Vector], issue_addr[Scalar], ew_gnt,
                    psum_wr_error, dma_chan_active};

endmodule
