// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The instruction sequencer of one engine (docs/sequencer.md): runs the stream
// [base_i, base_i + len_i) in order, exactly as the architectural model's sequencer does
// (docs/arch-model.md): fetch the instruction at base + pc, check it, wait until
// sem[wait_sem] >= wait_value, then issue MATMUL / DMA_COPY to the engine's executor, or complete
// NOP / END itself once the executor is idle (a fence) by passing on their signal.
//
//   seq_fetch buffer --(instr_check)--> head register --> wait --> issue / signal
//
// The head register holds the oldest instruction not yet issued together with its check result,
// so the wide combinational check sits between two registers and the head can still be replaced
// in the cycle it issues: back-to-back instructions leave one per cycle. A fault is reported only
// for the head (never for an instruction prefetched behind it) and before its wait, as the
// architectural model checks an instruction when it fetches it.
module sequencer
  import tessel_isa_pkg::*;
  import tessel_axi_pkg::*;
#(
  parameter logic [3:0]  Engine        = EngTensor,  // the stream's engine (engine_e)
  parameter int unsigned FetchDepth    = 4,          // instructions buffered ahead of the head
  // configuration, passed to instr_check
  parameter int unsigned Rows          = tessel_config_pkg::NumRows,
  parameter int unsigned Cols          = tessel_config_pkg::NumCols,
  parameter int unsigned SbufBytes     = tessel_config_pkg::SbufBytesPerPartition,
  parameter int unsigned PsumBanks     = tessel_config_pkg::PsumBanks,
  parameter int unsigned PsumBankBytes = tessel_config_pkg::PsumBankBytes,
  parameter logic [48:0] DramBytes     = 49'h1_0000_0000
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  // control from the core
  input  logic              start_i,
  input  logic [47:0]       base_i,
  input  logic [31:0]       len_i,
  input  logic              halt_i,
  output logic              running_o,
  output logic              ended_o,
  output logic              quiet_o,
  // instruction fetch
  output axi_req_t          axi_req_o,
  input  axi_rsp_t          axi_rsp_i,
  // semaphores
  input  logic [31:0][31:0] sem_i,
  // issue to the executor
  output logic              issue_valid_o,
  input  logic              issue_ready_i,
  output instr_t            issue_instr_o,
  output logic [47:0]       issue_addr_o,
  input  logic              exec_idle_i,
  // NOP / END completion
  output logic              sig_valid_o,
  output logic [5:0]        sig_sem_o,
  output logic [7:0]        sig_inc_o,
  output logic [47:0]       sig_addr_o,
  // errors, held until halt_i
  output logic              err_valid_o,
  output error_e            err_code_o,
  output logic [47:0]       err_addr_o,
  // the head instruction is waiting this cycle
  output logic              stall_o
);

  typedef enum logic [1:0] {
    StIdle,   // not started, halted, or an empty stream
    StRun,
    StEnded,  // END completed
    StError   // a fault at the head; err_* held until halt_i
  } state_e;

  state_e state_q, state_d;
  logic   active;  // may fetch, check, issue this cycle
  assign active = state_q == StRun && !halt_i;

  // ---- fetch --------------------------------------------------------------------------------
  logic         slot_valid, slot_err, slot_pop, at_end, fetch_start;
  instr_words_t slot_words;
  logic [47:0]  slot_addr;

  assign fetch_start = start_i && !halt_i;

  seq_fetch #(.Depth(FetchDepth)) u_fetch (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .start_i     (fetch_start),
    .base_i      (base_i),
    .len_i       (len_i),
    .enable_i    (active),
    .axi_req_o   (axi_req_o),
    .axi_rsp_i   (axi_rsp_i),
    .slot_valid_o(slot_valid),
    .slot_words_o(slot_words),
    .slot_err_o  (slot_err),
    .slot_addr_o (slot_addr),
    .pop_i       (slot_pop),
    .at_end_o    (at_end),
    .quiet_o     (quiet_o)
  );

  // ---- check --------------------------------------------------------------------------------
  instr_t slot_instr;
  error_e slot_check;

  instr_check #(
    .Rows         (Rows),
    .Cols         (Cols),
    .SbufBytes    (SbufBytes),
    .PsumBanks    (PsumBanks),
    .PsumBankBytes(PsumBankBytes),
    .DramBytes    (DramBytes)
  ) u_check (
    .words_i        (slot_words),
    .stream_engine_i(Engine),
    .instr_o        (slot_instr),
    .error_o        (slot_check)
  );

  // ---- head ---------------------------------------------------------------------------------
  logic        head_valid_q;
  instr_t      head_instr_q;
  error_e      head_err_q;
  logic [47:0] head_addr_q;
  logic        head_exec, wait_ok, issue_fire, sig_fire, head_leave;

  // MATMUL and DMA_COPY go to the executor; NOP and END (the only other legal opcodes) do not.
  assign head_exec = head_instr_q.opcode == OpMatmul || head_instr_q.opcode == OpDmaCopy;
  // wait_sem is SemNone or below 32 once the check passed (else ErrSemMisuse).
  assign wait_ok   = head_instr_q.wait_sem == SemNone ||
                     sem_i[head_instr_q.wait_sem[4:0]] >= {8'b0, head_instr_q.wait_value};

  assign issue_valid_o = active && head_valid_q && head_err_q == ErrNone && head_exec && wait_ok;
  assign issue_fire    = issue_valid_o && issue_ready_i;
  // NOP / END are a fence: everything this engine issued before them has completed.
  assign sig_fire      = active && head_valid_q && head_err_q == ErrNone && !head_exec &&
                         wait_ok && exec_idle_i;
  assign head_leave    = issue_fire || sig_fire;
  assign slot_pop      = active && slot_valid && (!head_valid_q || head_leave) &&
                         !(sig_fire && head_instr_q.opcode == OpEnd);

  assign issue_instr_o = head_instr_q;
  assign issue_addr_o  = head_addr_q;
  assign sig_valid_o   = sig_fire;
  assign sig_sem_o     = head_instr_q.signal_sem;
  assign sig_inc_o     = head_instr_q.signal_inc;
  assign sig_addr_o    = head_addr_q;
  assign stall_o       = active && head_valid_q && head_err_q == ErrNone && !head_leave;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      head_valid_q <= 1'b0;
      head_instr_q <= '0;
      head_err_q   <= ErrNone;
      head_addr_q  <= '0;
    end else if (fetch_start) begin
      head_valid_q <= 1'b0;
    end else if (slot_pop) begin
      // An AXI error makes the words meaningless, so it wins over whatever the check says.
      head_valid_q <= 1'b1;
      head_instr_q <= slot_instr;
      head_err_q   <= slot_err ? ErrAxi : slot_check;
      head_addr_q  <= slot_addr;
    end else if (head_leave) begin
      head_valid_q <= 1'b0;
    end
  end

  // ---- control and errors -------------------------------------------------------------------
  logic        fault;
  error_e      fault_code;
  logic [47:0] fault_addr;
  logic        err_valid_q;
  error_e      err_code_q;
  logic [47:0] err_addr_q;

  always_comb begin
    fault      = 1'b0;
    fault_code = head_err_q;
    fault_addr = head_addr_q;
    if (active && head_valid_q && head_err_q != ErrNone) begin
      fault = 1'b1;
    end else if (active && !head_valid_q && at_end) begin
      // The next instruction would lie beyond the stream: a stream without END.
      fault      = 1'b1;
      fault_code = ErrAddrRange;
      fault_addr = slot_addr;
    end
  end

  always_comb begin
    state_d = state_q;
    if (halt_i) begin
      // Stop at once; an END that completed stays visible until the next start.
      if (state_q != StEnded) state_d = StIdle;
    end else if (start_i) begin
      state_d = len_i == '0 ? StIdle : StRun;
    end else if (fault) begin
      state_d = StError;
    end else if (sig_fire && head_instr_q.opcode == OpEnd) begin
      state_d = StEnded;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q     <= StIdle;
      err_valid_q <= 1'b0;
      err_code_q  <= ErrNone;
      err_addr_q  <= '0;
    end else begin
      state_q <= state_d;
      if (halt_i || start_i) begin
        err_valid_q <= 1'b0;
        err_code_q  <= ErrNone;
        err_addr_q  <= '0;
      end else if (fault) begin
        err_valid_q <= 1'b1;
        err_code_q  <= fault_code;
        err_addr_q  <= fault_addr;
      end
    end
  end

  assign running_o   = state_q == StRun;
  assign ended_o     = state_q == StEnded;
  assign err_valid_o = err_valid_q;
  assign err_code_o  = err_code_q;
  assign err_addr_o  = err_addr_q;

endmodule
