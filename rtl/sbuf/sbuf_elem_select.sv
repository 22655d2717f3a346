// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Picks one naturally aligned element (1, 2 or 4 bytes; size 3 is treated as 4) out of a 64-bit
// SBUF word and zero-extends it: the per-partition lane of an engine read port.
module sbuf_elem_select (
  input  logic [63:0] word_i,
  input  logic [2:0]  offset_i,  // byte offset of the element in the word
  input  logic [1:0]  size_i,    // log2 of the element bytes
  output logic [31:0] elem_o
);

  logic [31:0] half;
  logic [15:0] quarter;
  logic [7:0]  sel_byte;

  // Narrowing by halves, so that every bit of the word is used.
  assign half    = offset_i[2] ? word_i[63:32] : word_i[31:0];
  assign quarter = offset_i[1] ? half[31:16] : half[15:0];
  assign sel_byte  = offset_i[0] ? quarter[15:8] : quarter[7:0];

  always_comb begin
    elem_o = half;
    unique case (size_i)
      2'd0:    elem_o = {24'd0, sel_byte};
      2'd1:    elem_o = {16'd0, quarter};
      default: ;  // four bytes
    endcase
  end

endmodule
