// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Leading-zero counter: cnt_o is the number of zeros above the most significant set bit of
// in_i, or Width when in_i is zero. Shared by every unit that normalises a significand
// (fp_unpack for subnormal operands, fp32_round_pack after an addition).
module fp_lzc #(
  parameter  int unsigned Width = 8,
  localparam int unsigned CntW  = $clog2(Width + 1)
) (
  input  logic [Width-1:0] in_i,
  output logic [CntW-1:0]  cnt_o
);

  // A priority encoder written as a loop from the LSB up: the highest set bit assigns last
  // and wins. Synthesis turns this into the usual log-depth tree.
  always_comb begin
    cnt_o = CntW'(Width);
    for (int unsigned i = 0; i < Width; i++) begin
      if (in_i[i]) begin
        cnt_o = CntW'(Width - 1 - i);
      end
    end
  end

endmodule
