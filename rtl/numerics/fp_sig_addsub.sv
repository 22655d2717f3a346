// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Sign-magnitude addition of two aligned significands: (-1)^sx * x + (-1)^sy * y as a
// magnitude and a sign. With equal signs the magnitudes add; otherwise the smaller is
// subtracted from the larger and the larger one's sign wins. An exact zero sum gets IEEE's
// round-to-nearest sign: +0, unless both addends are negative (-0 + -0 = -0).
// The caller keeps bit Width-1 of both inputs clear, so the sum cannot overflow. Shared by
// fp_mac and fp32_add.
module fp_sig_addsub #(
  parameter int unsigned Width = 8
) (
  input  logic             sign_x_i,
  input  logic [Width-1:0] x_i,
  input  logic             sign_y_i,
  input  logic [Width-1:0] y_i,
  output logic             sign_o,
  output logic [Width-1:0] mag_o
);

  logic             subtract;
  logic [Width:0]   diff;       // x - y with a borrow bit on top
  logic             y_larger;

  always_comb begin
    subtract = sign_x_i ^ sign_y_i;
    diff     = {1'b0, x_i} - {1'b0, y_i};
    y_larger = diff[Width];
    if (!subtract) begin
      mag_o  = x_i + y_i;
      sign_o = sign_x_i;
    end else begin
      mag_o  = y_larger ? -diff[Width-1:0] : diff[Width-1:0];
      sign_o = y_larger ? sign_y_i : sign_x_i;
    end
    if (mag_o == '0) begin
      sign_o = sign_x_i && sign_y_i;
    end
  end

endmodule
