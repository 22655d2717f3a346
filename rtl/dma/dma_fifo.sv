// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// A small synchronous FIFO (a channel's instruction queue). Entries are registered as a whole
// array, computed in always_comb (Verilator 5.006 limit on array writes in loops).
module dma_fifo #(
  parameter  type         T      = logic,
  parameter  int unsigned Depth  = 2,
  localparam int unsigned CountW = $clog2(Depth + 1),
  localparam int unsigned IdxW   = Depth > 1 ? $clog2(Depth) : 1
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic push_i,   // ignored when full
  input  T     data_i,
  input  logic pop_i,    // ignored when empty
  output T     data_o,   // the oldest entry
  output logic empty_o,
  output logic full_o
);

  T [Depth-1:0]    mem_q, mem_d;
  logic [CountW-1:0] count_q;
  logic            push, pop;

  assign empty_o = count_q == '0;
  assign full_o  = count_q == CountW'(Depth);
  assign push    = push_i && !full_o;
  assign pop     = pop_i && !empty_o;
  assign data_o  = mem_q[0];

  // Entry 0 is the oldest: a pop shifts the rest down, a push lands behind the last entry.
  always_comb begin
    mem_d = mem_q;
    if (pop) begin
      for (int unsigned k = 0; k + 1 < Depth; k++) mem_d[k] = mem_q[k+1];
    end
    if (push) begin
      mem_d[IdxW'(pop ? count_q - CountW'(1) : count_q)] = data_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mem_q   <= '0;
      count_q <= '0;
    end else begin
      mem_q   <= mem_d;
      count_q <= count_q + CountW'(push) - CountW'(pop);
    end
  end

endmodule
