// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Walks the free axes of one access pattern (docs/isa.md "Access patterns") in element order,
// one element per next_i, and presents the current element's address.
//
// Addresses are W-bit and every sum wraps modulo 2^W. That is exact: each address this walker
// holds (the current element and the first elements of the current dims[0] and dims[1] runs) is
// the address of a real element, which the instruction check proved lies in [0, 2^W), so the
// modular sum equals the true one even when strides are negative or wider than W bits. Hence no
// multiplier: each step is one addition.
//
//   load_i (wins over next_i) -> element 0; next_i on the last element -> valid_o falls.
module tensor_exec_ap_walk
  import tessel_isa_pkg::*;
#(
  parameter int unsigned W = 16
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic                        load_i,
  input  logic [W-1:0]                base_i,    // address of element 0
  input  logic [FreeDims-1:0][W-1:0]  stride_i,  // address step per axis, dims[0] outermost
  input  logic [FreeDims-1:0][15:0]   count_i,   // elements per axis, each >= 1
  input  logic                        next_i,    // consume the current element
  output logic                        valid_o,
  output logic [W-1:0]                addr_o,
  output logic                        last_o
);

  logic                       valid_d, valid_q;
  logic [W-1:0]               addr_d, addr_q;
  logic [W-1:0]               run0_d, run0_q;   // first element of the current i0 (i1 = i2 = 0)
  logic [W-1:0]               run1_d, run1_q;   // first element of the current i1 (i2 = 0)
  logic [FreeDims-1:0][15:0]  idx_d, idx_q;
  logic [FreeDims-1:0][W-1:0] stride_d, stride_q;
  logic [FreeDims-1:0][15:0]  count_d, count_q;
  logic [FreeDims-1:0]        at_end;           // idx[d] is the last index of axis d

  for (genvar d = 0; d < FreeDims; d++) begin : g_end
    assign at_end[d] = idx_q[d] == count_q[d] - 16'd1;
  end

  always_comb begin
    valid_d  = valid_q;
    addr_d   = addr_q;
    run0_d   = run0_q;
    run1_d   = run1_q;
    idx_d    = idx_q;
    stride_d = stride_q;
    count_d  = count_q;
    if (load_i) begin
      valid_d  = 1'b1;
      addr_d   = base_i;
      run0_d   = base_i;
      run1_d   = base_i;
      idx_d    = '0;
      stride_d = stride_i;
      count_d  = count_i;
    end else if (next_i && valid_q) begin
      if (!at_end[2]) begin
        idx_d[2] = idx_q[2] + 16'd1;
        addr_d   = addr_q + stride_q[2];
      end else if (!at_end[1]) begin
        idx_d[2] = '0;
        idx_d[1] = idx_q[1] + 16'd1;
        run1_d   = run1_q + stride_q[1];
        addr_d   = run1_d;
      end else if (!at_end[0]) begin
        idx_d    = '0;
        idx_d[0] = idx_q[0] + 16'd1;
        run0_d   = run0_q + stride_q[0];
        run1_d   = run0_d;
        addr_d   = run0_d;
      end else begin
        valid_d = 1'b0;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q  <= 1'b0;
      addr_q   <= '0;
      run0_q   <= '0;
      run1_q   <= '0;
      idx_q    <= '0;
      stride_q <= '0;
      count_q  <= '0;
    end else begin
      valid_q  <= valid_d;
      addr_q   <= addr_d;
      run0_q   <= run0_d;
      run1_q   <= run1_d;
      idx_q    <= idx_d;
      stride_q <= stride_d;
      count_q  <= count_d;
    end
  end

  assign valid_o = valid_q;
  assign addr_o  = addr_q;
  assign last_o  = valid_q && (at_end == '1);

endmodule
