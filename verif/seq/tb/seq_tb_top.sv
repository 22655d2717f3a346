// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Test top for the sequencers: the four engines' sequencers share one AXI4 master through the
// axi_mux (flattened m_axi_* ports for the C++ memory model), and a 32 x 32-bit semaphore file
// adds the NOP/END signals of the sequencers and the completions the C++ stand-in executors
// report. The test plays the executors (issue ready, completion, idle) and the core (start, halt,
// first-error latch) and sees every issue with the semaphore file as the sequencer saw it.
`include "tessel_axi_flat.svh"

module seq_tb_top
  import tessel_isa_pkg::*;
  import tessel_axi_pkg::*;
#(
  parameter int unsigned FetchDepth = 4
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // core control (all engines)
  input  logic                  start_i,
  input  logic                  halt_i,
  input  logic [3:0][47:0]      base_i,
  input  logic [3:0][31:0]      len_i,
  output logic [3:0]            running_o,
  output logic [3:0]            ended_o,
  output logic [3:0]            quiet_o,
  output logic [3:0]            stall_o,
  // issue (the fields the test checks)
  output logic [3:0]            issue_valid_o,
  input  logic [3:0]            issue_ready_i,
  output logic [3:0][7:0]       issue_opcode_o,
  output logic [3:0][5:0]       issue_wait_sem_o,
  output logic [3:0][23:0]      issue_wait_value_o,
  output logic [3:0][5:0]       issue_signal_sem_o,
  output logic [3:0][7:0]       issue_signal_inc_o,
  output logic [3:0][47:0]      issue_addr_o,
  input  logic [3:0]            exec_idle_i,
  // stand-in executor completions
  input  logic [3:0]            done_valid_i,
  input  logic [3:0][5:0]       done_sem_i,
  input  logic [3:0][7:0]       done_inc_i,
  // NOP / END completions
  output logic [3:0]            sig_valid_o,
  output logic [3:0][5:0]       sig_sem_o,
  output logic [3:0][7:0]       sig_inc_o,
  output logic [3:0][47:0]      sig_addr_o,
  // errors
  output logic [3:0]            err_valid_o,
  output logic [3:0][3:0]       err_code_o,
  output logic [3:0][47:0]      err_addr_o,
  // semaphore file: a host write, and every value
  input  logic                  sem_we_i,
  input  logic [4:0]            sem_idx_i,
  input  logic [31:0]           sem_wdata_i,
  output logic [31:0][31:0]     sem_o,
  // AXI4 master (reads only)
  `TESSEL_AXI4_MASTER_PORTS(m_axi)
);

  axi_req_t [3:0] seq_req;
  axi_rsp_t [3:0] seq_rsp;
  axi_req_t       mst_req;
  axi_rsp_t       mst_rsp;
  instr_t   [3:0] issue_instr;
  logic [31:0][31:0] sem_q;

  for (genvar e = 0; e < 4; e++) begin : g_seq
    error_e err_code;

    sequencer #(
      .Engine    (4'(e)),
      .FetchDepth(FetchDepth)
    ) u_seq (
      .clk_i        (clk_i),
      .rst_ni       (rst_ni),
      .start_i      (start_i),
      .base_i       (base_i[e]),
      .len_i        (len_i[e]),
      .halt_i       (halt_i),
      .running_o    (running_o[e]),
      .ended_o      (ended_o[e]),
      .quiet_o      (quiet_o[e]),
      .axi_req_o    (seq_req[e]),
      .axi_rsp_i    (seq_rsp[e]),
      .sem_i        (sem_q),
      .issue_valid_o(issue_valid_o[e]),
      .issue_ready_i(issue_ready_i[e]),
      .issue_instr_o(issue_instr[e]),
      .issue_addr_o (issue_addr_o[e]),
      .exec_idle_i  (exec_idle_i[e]),
      .sig_valid_o  (sig_valid_o[e]),
      .sig_sem_o    (sig_sem_o[e]),
      .sig_inc_o    (sig_inc_o[e]),
      .sig_addr_o   (sig_addr_o[e]),
      .err_valid_o  (err_valid_o[e]),
      .err_code_o   (err_code),
      .err_addr_o   (err_addr_o[e]),
      .stall_o      (stall_o[e])
    );

    assign err_code_o[e]         = err_code;
    assign issue_opcode_o[e]     = issue_instr[e].opcode;
    assign issue_wait_sem_o[e]   = issue_instr[e].wait_sem;
    assign issue_wait_value_o[e] = issue_instr[e].wait_value;
    assign issue_signal_sem_o[e] = issue_instr[e].signal_sem;
    assign issue_signal_inc_o[e] = issue_instr[e].signal_inc;
  end

  axi_mux #(.NumPorts(4)) u_mux (
    .clk_i    (clk_i),
    .rst_ni   (rst_ni),
    .slv_req_i(seq_req),
    .slv_rsp_o(seq_rsp),
    .mst_req_o(mst_req),
    .mst_rsp_i(mst_rsp)
  );

  // ---- semaphore file: every source adds its increment in the same cycle ---------------------
  logic [31:0][31:0] sem_d;

  always_comb begin
    sem_d = sem_q;
    for (int unsigned e = 0; e < 4; e++) begin
      if (sig_valid_o[e] && sig_sem_o[e] != SemNone) begin
        sem_d[sig_sem_o[e][4:0]] = sem_d[sig_sem_o[e][4:0]] + 32'(sig_inc_o[e]);
      end
      if (done_valid_i[e] && done_sem_i[e] != SemNone) begin
        sem_d[done_sem_i[e][4:0]] = sem_d[done_sem_i[e][4:0]] + 32'(done_inc_i[e]);
      end
    end
    if (sem_we_i) sem_d[sem_idx_i] = sem_wdata_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) sem_q <= '0;
    else         sem_q <= sem_d;
  end

  assign sem_o = sem_q;

  // ---- flattened AXI4 master ----------------------------------------------------------------
  `TESSEL_AXI4_MASTER_ASSIGN(m_axi, mst_req, mst_rsp)

  // The rest of each issued instruction (operands, queue) is the executors' business.
  logic unused_instr;
  assign unused_instr = ^{issue_instr};

endmodule
