// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Shares one on-chip memory port (valid/grant, read data one cycle after the grant) among the
// DMA channels: round-robin among the requests, the grant passed back to the chosen channel,
// and each read's rvalid routed to the channel that was granted it.
module dma_port_arb #(
  parameter  int unsigned N    = 2,
  localparam int unsigned IdxW = N > 1 ? $clog2(N) : 1
) (
  input  logic                             clk_i,
  input  logic                             rst_ni,
  input  dma_pkg::dma_mem_req_t [N-1:0]    req_i,
  output logic [N-1:0]                     gnt_o,
  output logic [N-1:0]                     rvalid_o,
  output dma_pkg::dma_mem_req_t            mem_o,
  input  logic                             gnt_i,
  input  logic                             rvalid_i
);

  logic [N-1:0]    want;
  logic            any;
  logic [IdxW-1:0] idx, first_q, rd_idx_q;

  for (genvar i = 0; i < N; i++) begin : g_want
    assign want[i] = req_i[i].req;
  end

  axi_rr_pick #(.N(N)) u_pick (
    .req_i  (want),
    .first_i(first_q),
    .any_o  (any),
    .idx_o  (idx)
  );

  always_comb begin
    mem_o     = req_i[idx];
    mem_o.req = any;
    gnt_o     = '0;
    rvalid_o  = '0;
    gnt_o[idx] = any && gnt_i;
    rvalid_o[rd_idx_q] = rvalid_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      first_q  <= '0;
      rd_idx_q <= '0;
    end else if (any && gnt_i) begin
      first_q <= IdxW'((int'(idx) + 1) % N);
      if (!mem_o.we) begin
        rd_idx_q <= idx;
      end
    end
  end

endmodule
