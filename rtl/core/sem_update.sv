// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Semaphore increments (docs/isa.md "Semaphores"): collects the signals of every completing
// instruction this cycle and turns them into the per-semaphore increments the register file
// adds to SEM (tessel_reg_pkg: hw2reg.sem[i].value_inc). Several signals to one semaphore in one
// cycle add up. An increment that would carry a semaphore past 2^32 - 1 is SemaphoreMisuse: that
// semaphore is left unchanged this cycle and the first source signalling it is reported (engine
// and instruction address).
module sem_update
  import tessel_isa_pkg::*;
#(
  parameter  int unsigned NumSrc = 6,
  localparam int unsigned IncW   = 16  // NumSrc x 255 must fit
) (
  input  logic [NumSrc-1:0]            src_valid_i,
  input  logic [NumSrc-1:0][5:0]       src_sem_i,     // SemNone: no signal
  input  logic [NumSrc-1:0][7:0]       src_inc_i,
  input  logic [NumSrc-1:0][3:0]       src_engine_i,
  input  logic [NumSrc-1:0][47:0]      src_addr_i,
  input  logic [NumSems-1:0][31:0]     sem_i,
  output logic [NumSems-1:0][IncW-1:0] sem_inc_o,
  output logic                         err_valid_o,
  output logic [3:0]                   err_engine_o,
  output logic [47:0]                  err_addr_o
);

  logic [NumSems-1:0][IncW-1:0] total;
  logic [NumSems-1:0]           overflow;

  always_comb begin
    for (int unsigned id = 0; id < NumSems; id++) begin
      total[id] = '0;
      for (int unsigned k = 0; k < NumSrc; k++) begin
        if (src_valid_i[k] && src_sem_i[k] == 6'(id)) total[id] = total[id] + IncW'(src_inc_i[k]);
      end
      overflow[id]  = ({1'b0, sem_i[id]} + 33'(total[id])) > 33'hffff_ffff;
      sem_inc_o[id] = overflow[id] ? '0 : total[id];
    end
  end

  // The first source (lowest index) whose semaphore overflows.
  always_comb begin
    err_valid_o  = 1'b0;
    err_engine_o = '0;
    err_addr_o   = '0;
    for (int k = NumSrc - 1; k >= 0; k--) begin
      if (src_valid_i[k] && src_sem_i[k] < 6'(NumSems) && overflow[src_sem_i[k][4:0]]) begin
        err_valid_o  = 1'b1;
        err_engine_o = src_engine_i[k];
        err_addr_o   = src_addr_i[k];
      end
    end
  end

endmodule
