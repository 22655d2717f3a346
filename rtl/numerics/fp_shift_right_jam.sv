// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Logical right shift that "jams" every bit shifted out into the result's LSB (sticky bit),
// so that a later round-to-nearest-even still knows whether anything non-zero was lost.
// Shift amounts of Width or more leave only the sticky bit. Used to align significands
// (fp_mac, fp32_add), to denormalise results (fp32_round_pack) and to narrow (fp_narrow).
module fp_shift_right_jam #(
  parameter int unsigned Width  = 8,
  parameter int unsigned ShiftW = 4
) (
  input  logic [Width-1:0]  in_i,
  input  logic [ShiftW-1:0] shamt_i,
  output logic [Width-1:0]  out_o
);

  logic [Width-1:0] shifted;
  logic [Width-1:0] lost_mask;  // the bits of in_i that fall off the bottom
  logic             lost;

  always_comb begin
    shifted   = in_i >> shamt_i;
    lost_mask = ~({Width{1'b1}} << shamt_i);
    lost      = |(in_i & lost_mask);
    out_o     = {shifted[Width-1:1], shifted[0] | lost};
  end

endmodule
