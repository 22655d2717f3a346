// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// A shift register of Depth stages (Depth >= 1) that advances only when en_i is high, so that it
// stays in step with the rest of the tensor-engine pipeline under backpressure.
//
// The stages are one packed array registered as a whole (Verilator 5.006 cannot schedule
// non-blocking writes to array elements inside a loop). All stages reset to zero: the lines
// carry valid bits, and zeroed data keeps waveforms free of stale values.
module te_delay_line #(
  parameter int unsigned Width = 1,
  parameter int unsigned Depth = 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             en_i,
  input  logic [Width-1:0] data_i,
  output logic [Width-1:0] data_o
);

  // stage_q[0] is the youngest entry, stage_q[Depth-1] the oldest.
  logic [Depth-1:0][Width-1:0] stage_d, stage_q;

  if (Depth == 1) begin : g_single
    assign stage_d = data_i;
  end else begin : g_shift
    assign stage_d = {stage_q[Depth-2:0], data_i};
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      stage_q <= '0;
    end else if (en_i) begin
      stage_q <= stage_d;
    end
  end

  assign data_o = stage_q[Depth-1];

endmodule
