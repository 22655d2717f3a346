// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The triangle of delay lines in front of and behind the systolic array.
//
//   Reverse = 0 (skew, array input):    lane i is delayed by Offset + i cycles.
//   Reverse = 1 (deskew, array output): lane i is delayed by Offset + Lanes-1-i cycles.
//
// A beat enters all rows at once but row k of the array must see it k cycles later, because the
// partial sum it adds to needs k cycles to come down from row 0. Column m of the array finishes
// a beat m cycles after column 0, so the deskew delays column m by Lanes-1-m to line all columns
// of one beat up again. Offset adds the same number of stages to every lane: the input skew
// uses 1 so that every row, row 0 included, starts from a register rather than from the ports.
// A lane with no delay is a wire.
module te_skew #(
  parameter int unsigned Lanes   = 2,
  parameter int unsigned Width   = 1,
  parameter bit          Reverse = 1'b0,
  parameter int unsigned Offset  = 0
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic                        en_i,
  input  logic [Lanes-1:0][Width-1:0] data_i,
  output logic [Lanes-1:0][Width-1:0] data_o
);

  for (genvar i = 0; i < Lanes; i++) begin : g_lane
    localparam int unsigned Delay = Offset + (Reverse ? Lanes - 1 - i : i);

    if (Delay == 0) begin : g_wire
      assign data_o[i] = data_i[i];
    end else begin : g_delay
      te_delay_line #(
        .Width(Width),
        .Depth(Delay)
      ) u_delay (
        .clk_i (clk_i),
        .rst_ni(rst_ni),
        .en_i  (en_i),
        .data_i(data_i[i]),
        .data_o(data_o[i])
      );
    end
  end

endmodule
