// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Round-robin choice among N requesters, for the AXI multiplexer: the first requester at or
// after `first_i` (wrapping). Combinational; the caller keeps `first_i` (one past the last
// winner) so every requester is served within N grants.
module axi_rr_pick #(
  parameter  int unsigned N    = 2,
  localparam int unsigned IdxW = N > 1 ? $clog2(N) : 1
) (
  input  logic [N-1:0]    req_i,
  input  logic [IdxW-1:0] first_i,
  output logic            any_o,
  output logic [IdxW-1:0] idx_o
);

  always_comb begin
    idx_o = first_i;
    any_o = 1'b0;
    for (int unsigned k = 0; k < N; k++) begin
      // candidate first_i + k, wrapped into 0..N-1
      automatic logic [IdxW-1:0] cand = IdxW'((int'(first_i) + k) % N);
      if (!any_o && req_i[cand]) begin
        any_o = 1'b1;
        idx_o = IdxW'(cand);
      end
    end
  end

endmodule
