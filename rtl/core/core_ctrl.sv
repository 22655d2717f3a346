// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Core control (docs/core.md): starts the sequencers, latches the first error, halts the core on
// it, and reports STATUS and the interrupt events.
//
//   start       CONTROL.start while the core is idle and no error is latched: every engine whose
//               STREAM_LEN is not zero starts; STATUS.done clears. Ignored otherwise (software
//               soft-resets after an error).
//   error       the first error of any engine (code, engine, address) is latched; halt_o stops
//               every sequencer from issuing. Instructions already issued complete, so the core
//               drains to idle; the error interrupt event fires when it is idle, so software that
//               takes the interrupt finds the core quiet and the error registers final.
//   done        every started engine's END completed and both executors are idle, no error.
//   soft reset  halts like an error; when everything is quiet the error and done state clear.
module core_ctrl
  import tessel_isa_pkg::*;
#(
  localparam int unsigned E = NumEngines
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // software commands (CONTROL) and stream lengths
  input  logic               start_i,
  input  logic               soft_reset_i,
  input  logic [E-1:0]       stream_used_i,   // STREAM_LEN != 0
  // sequencers and executors
  output logic [E-1:0]       seq_start_o,
  output logic               halt_o,
  input  logic [E-1:0]       seq_running_i,
  input  logic [E-1:0]       seq_ended_i,
  input  logic [E-1:0]       seq_quiet_i,
  input  logic [E-1:0]       exec_idle_i,     // per engine (idle constant 1 where none exists)
  // error reports (any number per cycle; the lowest index wins among simultaneous ones)
  input  logic [E-1:0]       seq_err_valid_i,
  input  error_e [E-1:0]     seq_err_code_i,
  input  logic [E-1:0][47:0] seq_err_addr_i,
  input  logic               run_err_valid_i,  // runtime errors from executors / semaphores
  input  error_e             run_err_code_i,
  input  logic [3:0]         run_err_engine_i,
  input  logic [47:0]        run_err_addr_i,
  // STATUS, ERROR_*, interrupt events
  output logic               busy_o,
  output logic               done_o,
  output logic               error_o,
  output logic [E-1:0]       engine_busy_o,
  output error_e             err_code_o,
  output logic [3:0]         err_engine_o,
  output logic [47:0]        err_addr_o,
  output logic               irq_done_o,      // pulses
  output logic               irq_error_o,
  output logic               restart_o        // pulse: a soft reset completed (executors clear)
);

  logic         err_q, done_q, resetting_q, started_q, err_irq_sent_q;
  error_e       err_code_q;
  logic [3:0]   err_engine_q;
  logic [47:0]  err_addr_q;
  logic         new_err, quiet, finished, start_ok;
  error_e       new_code;
  logic [3:0]   new_engine;
  logic [47:0]  new_addr;
  logic [E-1:0] started_q_vec;

  // The first error this cycle: sequencer faults in engine order, then runtime faults.
  always_comb begin
    new_err    = 1'b0;
    new_code   = ErrNone;
    new_engine = '0;
    new_addr   = '0;
    for (int e = E - 1; e >= 0; e--) begin
      if (seq_err_valid_i[e]) begin
        new_err    = 1'b1;
        new_code   = seq_err_code_i[e];
        new_engine = 4'(e);
        new_addr   = seq_err_addr_i[e];
      end
    end
    if (!new_err && run_err_valid_i) begin
      new_err    = 1'b1;
      new_code   = run_err_code_i;
      new_engine = run_err_engine_i;
      new_addr   = run_err_addr_i;
    end
  end

  for (genvar e = 0; e < E; e++) begin : g_engine_busy
    assign engine_busy_o[e] = seq_running_i[e] || !exec_idle_i[e];
  end

  assign quiet    = !(|engine_busy_o) && &seq_quiet_i;
  assign busy_o   = !quiet;
  assign halt_o   = err_q || resetting_q;
  assign start_ok = start_i && quiet && !err_q && !resetting_q;
  // Every started stream ended and nothing is left in flight.
  assign finished = started_q && quiet && !err_q && ((seq_ended_i & started_q_vec) == started_q_vec);

  for (genvar e = 0; e < E; e++) begin : g_start
    assign seq_start_o[e] = start_ok && stream_used_i[e];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      err_q          <= 1'b0;
      err_code_q     <= ErrNone;
      err_engine_q   <= '0;
      err_addr_q     <= '0;
      done_q         <= 1'b0;
      resetting_q    <= 1'b0;
      started_q      <= 1'b0;
      started_q_vec  <= '0;
      err_irq_sent_q <= 1'b0;
    end else begin
      if (new_err && !err_q && !resetting_q) begin
        err_q        <= 1'b1;
        err_code_q   <= new_code;
        err_engine_q <= new_engine;
        err_addr_q   <= new_addr;
      end
      if (err_q && quiet) err_irq_sent_q <= 1'b1;
      if (start_ok) begin
        started_q     <= |stream_used_i;
        started_q_vec <= stream_used_i;
        done_q        <= 1'b0;
      end else if (finished) begin
        started_q <= 1'b0;
        done_q    <= 1'b1;
      end
      if (soft_reset_i) resetting_q <= 1'b1;
      if (resetting_q && quiet) begin
        resetting_q    <= 1'b0;
        err_q          <= 1'b0;
        err_code_q     <= ErrNone;
        err_engine_q   <= '0;
        err_addr_q     <= '0;
        done_q         <= 1'b0;
        started_q      <= 1'b0;
        err_irq_sent_q <= 1'b0;
      end
    end
  end

  assign done_o       = done_q;
  assign error_o      = err_q;
  assign err_code_o   = err_code_q;
  assign err_engine_o = err_engine_q;
  assign err_addr_o   = err_addr_q;
  assign irq_done_o   = finished;
  assign irq_error_o  = err_q && quiet && !err_irq_sent_q;
  assign restart_o    = resetting_q && quiet;

endmodule
