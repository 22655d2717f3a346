// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Rotates lanes: data_o[i] = data_i[(i + shift_i) mod Lanes], shift_i < Lanes. The tensor
// executor uses it to line partitions up with PE rows (row k reads partition start + k) and PE
// columns up with PSUM partitions. Written as one index per lane, which simulates fast; a
// synthesis flow would build the same function as log2(Lanes) stages of 2:1 muxes.
module tensor_exec_rotate #(
  parameter  int unsigned Lanes  = 4,
  parameter  int unsigned Width  = 16,
  localparam int unsigned ShiftW = Lanes > 1 ? $clog2(Lanes) : 1
) (
  input  logic [Lanes-1:0][Width-1:0] data_i,
  input  logic [ShiftW-1:0]           shift_i,
  output logic [Lanes-1:0][Width-1:0] data_o
);

  for (genvar i = 0; i < Lanes; i++) begin : g_lane
    logic [ShiftW:0] sum;
    assign sum       = (ShiftW + 1)'(i) + {1'b0, shift_i};
    assign data_o[i] = data_i[ShiftW'((sum >= (ShiftW + 1)'(Lanes)) ? sum - (ShiftW + 1)'(Lanes)
                                                                   : sum)];
  end

endmodule
