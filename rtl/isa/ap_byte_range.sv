// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The bytes [lo_o, hi_o) an access pattern touches (isa::byte_range in
// models/isa/access_pattern.cpp): within one partition for SBUF/PSUM, absolute (every partition
// included) for DRAM.
//
//   lo = addr + sum_d min(0, (count_d - 1) * stride_d) * esize
//   hi = addr + sum_d max(0, (count_d - 1) * stride_d) * esize + esize
//        (+ (part_count - 1) * part_stride in DRAM)
//
// Signed and Width bits wide so that nothing wraps: a 48-bit address, three 16 x 17-bit spans
// scaled by at most 4 bytes (< 2^35 each way) and a 32 x 8-bit partition span (< 2^40) stay below
// 2^49, so 51 bits are the least that holds every case; the default leaves a margin. Counts must
// be non-zero and the dtype defined (instr_check reports those as BadField first, so a result
// computed from them is never used).
module ap_byte_range
  import tessel_isa_pkg::*;
#(
  parameter int unsigned Width = 52
) (
  // The fields of an ap_t the range depends on (the partition start does not move bytes).
  input  logic [1:0]               space_i,
  input  logic [3:0]               dtype_i,
  input  logic [47:0]              addr_i,
  input  logic [7:0]               part_count_i,
  input  logic [31:0]              part_stride_i,
  input  dim_t [FreeDims-1:0]      dims_i,
  output logic signed [Width-1:0]  lo_o,
  output logic signed [Width-1:0]  hi_o
);

  logic signed [Width-1:0] addr, min_e, max_e, span, part_span;
  logic [1:0]              esize_log2;

  always_comb begin
    min_e = '0;
    max_e = '0;
    for (int unsigned d = 0; d < FreeDims; d++) begin
      // (count - 1) is zero-extended, the stride sign-extended: the product keeps its sign.
      span = Width'(dims_i[d].stride) * Width'($signed({1'b0, dims_i[d].count - 16'd1}));
      if (span < 0) begin
        min_e = min_e + span;
      end else begin
        max_e = max_e + span;
      end
    end
    part_span = '0;
    if (space_i == SpaceDram) begin
      part_span = Width'($signed({1'b0, part_stride_i}))
                * Width'($signed({1'b0, part_count_i - 8'd1}));
    end
    esize_log2 = dtype_size_log2(dtype_i);
    addr = Width'($signed({1'b0, addr_i}));
    lo_o = addr + (min_e <<< esize_log2);
    hi_o = addr + part_span + ((max_e + 1) <<< esize_log2);
  end

endmodule
