// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// A small first-word-fall-through FIFO (Depth a power of two, >= 2). count_o lets a requester
// reserve room before it asks a memory for data that must be taken when it arrives.
// Pushing into a full FIFO or popping an empty one is a caller bug (asserted).
module tensor_exec_fifo #(
  parameter  int unsigned Width  = 8,
  parameter  int unsigned Depth  = 4,
  localparam int unsigned IdxW   = $clog2(Depth),
  localparam int unsigned CountW = $clog2(Depth + 1)
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              push_i,
  input  logic [Width-1:0]  data_i,
  input  logic              pop_i,
  output logic              valid_o,
  output logic [Width-1:0]  data_o,
  output logic [CountW-1:0] count_o
);

  logic [Width-1:0]  mem_q [Depth];
  logic [IdxW-1:0]   rd_q, wr_q;
  logic [CountW-1:0] count_q;

  // Data is not reset: only entries below count_q are ever read.
  always_ff @(posedge clk_i) begin
    if (push_i) begin
      mem_q[wr_q] <= data_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_q    <= '0;
      wr_q    <= '0;
      count_q <= '0;
    end else begin
      rd_q    <= rd_q + IdxW'(pop_i);
      wr_q    <= wr_q + IdxW'(push_i);
      count_q <= count_q + CountW'(push_i) - CountW'(pop_i);
    end
  end

  assign valid_o = count_q != '0;
  assign data_o  = mem_q[rd_q];
  assign count_o = count_q;

`ifdef TESSEL_ASSERTS
  always_ff @(posedge clk_i or negedge rst_ni) begin : p_assert
    if (rst_ni) begin
      NoOverflow: assert (!(push_i && !pop_i && count_q == CountW'(Depth)))
        else $error("tensor_exec_fifo: push into a full FIFO");
      NoUnderflow: assert (!(pop_i && count_q == '0))
        else $error("tensor_exec_fifo: pop from an empty FIFO");
    end
  end
`endif

endmodule
