// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Unit-test top for instr_check (verif/isa_rtl/test_instr_check.cpp). Purely combinational; the
// decoded instruction is broken out field by field into plain packed ports (one lane per operand
// slot, or per slot and dim) so that the C++ test reads each field by name, not by its position
// inside the instr_t struct.
module instr_check_tb_top
  import tessel_isa_pkg::*;
(
  input  instr_words_t                      words_i,
  input  logic [3:0]                        stream_engine_i,
  output logic [3:0]                        error_o,

  output logic [7:0]                        opcode_o,
  output logic [3:0]                        engine_o,
  output logic [3:0]                        flags_o,
  output logic [5:0]                        wait_sem_o,
  output logic [23:0]                       wait_value_o,
  output logic [5:0]                        signal_sem_o,
  output logic [7:0]                        signal_inc_o,
  output logic [3:0]                        queue_o,

  output logic [Slots-1:0][1:0]             space_o,
  output logic [Slots-1:0][3:0]             dtype_o,
  output logic [Slots-1:0][47:0]            addr_o,
  output logic [Slots-1:0][7:0]             part_start_o,
  output logic [Slots-1:0][7:0]             part_count_o,
  output logic [Slots-1:0][31:0]            part_stride_o,
  output logic [Slots*FreeDims-1:0][15:0]   count_o,   // lane FreeDims * slot + dim
  output logic [Slots*FreeDims-1:0][15:0]   stride_o
);

  instr_t instr;
  error_e error;

  instr_check u_check (
    .words_i         (words_i),
    .stream_engine_i (stream_engine_i),
    .instr_o         (instr),
    .error_o         (error)
  );

  always_comb begin
    error_o      = error;
    opcode_o     = instr.opcode;
    engine_o     = instr.engine;
    flags_o      = instr.flags;
    wait_sem_o   = instr.wait_sem;
    wait_value_o = instr.wait_value;
    signal_sem_o = instr.signal_sem;
    signal_inc_o = instr.signal_inc;
    queue_o      = instr.dma_queue;
    for (int unsigned s = 0; s < Slots; s++) begin
      space_o[s]       = instr.ap[s].space;
      dtype_o[s]       = instr.ap[s].dtype;
      addr_o[s]        = instr.ap[s].addr;
      part_start_o[s]  = instr.ap[s].part_start;
      part_count_o[s]  = instr.ap[s].part_count;
      part_stride_o[s] = instr.ap[s].part_stride;
      for (int unsigned d = 0; d < FreeDims; d++) begin
        count_o[FreeDims * s + d]  = instr.ap[s].dims[d].count;
        stride_o[FreeDims * s + d] = instr.ap[s].dims[d].stride;
      end
    end
  end

endmodule
