// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Two-requester round-robin arbiter for one shared SBUF memory port: an engine port (a) and the
// DMA port (b). Without a conflict the one requester is granted at once; on a conflict the
// requester that lost the previous conflict wins, so neither can starve the other (a waits at
// most one cycle per DMA access and vice versa). Grants are combinational from the requests:
// a requester holds its request until granted.
module sbuf_arb (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic a_req_i,
  input  logic b_req_i,
  output logic a_gnt_o,
  output logic b_gnt_o
);

  logic prefer_b_d, prefer_b_q, conflict;

  assign conflict = a_req_i && b_req_i;
  assign a_gnt_o  = a_req_i && !(conflict && prefer_b_q);
  assign b_gnt_o  = b_req_i && !(conflict && !prefer_b_q);

  always_comb begin
    prefer_b_d = prefer_b_q;
    if (conflict) begin
      prefer_b_d = !prefer_b_q;  // the loser of this conflict wins the next one
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      prefer_b_q <= 1'b0;  // engines first after reset
    end else begin
      prefer_b_q <= prefer_b_d;
    end
  end

endmodule
