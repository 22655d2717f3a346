// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// One side of a DMA_COPY: walks an access pattern in element order and says, at each position,
// how many of the following elements are contiguous (a run) within the current partition.
//
// On load the free axes are folded into a three-level counter (outer o, middle m, inner) whose
// inner level is contiguous whenever possible, from the strides (in elements; axes of count 1
// ignored whatever their stride):
//   mode 3: all three axes packed (s2 = 1, s1 = c2, s0 = c1*c2): inner = the whole partition;
//   mode 2: axes 1 and 2 packed: o = i0, inner = c1*c2 elements;
//   mode 1: axis 2 has unit stride: o = i0, m = i1, inner = i2;
//   mode 0: axis 2 is strided (a transposed access): every element is its own run.
// A run therefore ends at an inner-level boundary even when the next element happens to be
// adjacent through an odd combination of strides; that costs a row, never correctness.
// Addresses advance by additions only (no multiply per step): the registers hold the byte
// address of the current element and of the starts of the current partition, o and m levels.
module dma_ap_iter (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                load_i,      // take ap_i; position at element 0 of partition 0
  input  tessel_isa_pkg::ap_t ap_i,
  input  logic                adv_i,       // step over adv_len_i elements (<= run_o)
  input  logic [23:0]         adv_len_i,
  output logic [47:0]         addr_o,      // byte address (DRAM) or offset (on chip) of element
  output logic [7:0]          part_o,      // on-chip partition of the current element
  output logic [23:0]         run_o,       // contiguous elements from here, within the partition
  output logic                part_end_o   // adv_len_i elements from here end the partition
);

  logic [1:0]  esz_q;       // log2 of the element bytes
  logic        elemwise_q;  // mode 0
  logic [23:0] c0_q, c1_q, c2_q;  // folded counts (outer, middle, inner)
  logic [47:0] s0_q, s1_q, s2_q;  // folded strides in bytes; s2 only used in mode 0
  logic [47:0] pstride_q;         // bytes between partitions (DRAM), else 0
  logic [23:0] o_q, m_q, inner_q;
  logic [47:0] cur_q, mbase_q, obase_q, pbase_q;
  logic [7:0]  part_q;

  // ---- folding on load ----------------------------------------------------------------------
  logic [23:0] lc0, lc1, lc2, lc12;
  logic [47:0] ls0, ls1, ls2;
  logic        a2, a1, a0;
  logic [1:0]  lesz;

  function automatic logic [47:0] stride_bytes(logic signed [15:0] s, logic [1:0] esz);
    return 48'(signed'(48'(s)) <<< esz);
  endfunction

  always_comb begin
    lesz = tessel_isa_pkg::dtype_size_log2(ap_i.dtype);
    lc0  = 24'(ap_i.dims[0].count);
    lc1  = 24'(ap_i.dims[1].count);
    lc2  = 24'(ap_i.dims[2].count);
    // Element counts per partition never exceed an on-chip partition's bytes (one side of every
    // copy is on chip and the counts agree), so 24 bits hold every product.
    lc12 = 24'(32'(ap_i.dims[1].count) * 32'(ap_i.dims[2].count));
    a2   = lc2 == 24'd1 || ap_i.dims[2].stride == 16'sd1;
    a1   = lc1 == 24'd1 || 32'(signed'(ap_i.dims[1].stride)) == 32'(lc2);
    a0   = lc0 == 24'd1 || 33'(signed'(ap_i.dims[0].stride)) == 33'(lc12);
    ls0  = stride_bytes(ap_i.dims[0].stride, lesz);
    ls1  = stride_bytes(ap_i.dims[1].stride, lesz);
    ls2  = stride_bytes(ap_i.dims[2].stride, lesz);
    if (a2 && a1 && a0) begin
      lc2 = 24'(lc0 * lc12);
      lc0 = 24'd1;
      lc1 = 24'd1;
    end else if (a2 && a1) begin
      lc2 = lc12;
      lc1 = 24'd1;
    end
  end

  // The partition count is the walker's business (both sides have the same).
  logic unused_ap;
  assign unused_ap = ^ap_i.part_count;

  // ---- outputs ------------------------------------------------------------------------------
  logic [23:0] inner_next;
  logic        inner_wrap, m_last, o_last;

  assign inner_next = inner_q + adv_len_i;
  assign inner_wrap = inner_next >= c2_q;
  assign m_last     = m_q + 24'd1 >= c1_q;
  assign o_last     = o_q + 24'd1 >= c0_q;
  assign addr_o     = cur_q;
  assign part_o     = part_q;
  assign run_o      = elemwise_q ? 24'd1 : c2_q - inner_q;
  assign part_end_o = inner_wrap && m_last && o_last;

  // ---- state --------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      esz_q      <= '0;
      elemwise_q <= 1'b0;
      c0_q       <= '0;
      c1_q       <= '0;
      c2_q       <= '0;
      s0_q       <= '0;
      s1_q       <= '0;
      s2_q       <= '0;
      pstride_q  <= '0;
      o_q        <= '0;
      m_q        <= '0;
      inner_q    <= '0;
      cur_q      <= '0;
      mbase_q    <= '0;
      obase_q    <= '0;
      pbase_q    <= '0;
      part_q     <= '0;
    end else if (load_i) begin
      esz_q      <= lesz;
      elemwise_q <= !a2;
      c0_q       <= lc0;
      c1_q       <= lc1;
      c2_q       <= lc2;
      s0_q       <= ls0;
      s1_q       <= ls1;
      s2_q       <= ls2;
      pstride_q  <= ap_i.space == tessel_isa_pkg::SpaceDram ? 48'(ap_i.part_stride) : '0;
      o_q        <= '0;
      m_q        <= '0;
      inner_q    <= '0;
      cur_q      <= ap_i.addr;
      mbase_q    <= ap_i.addr;
      obase_q    <= ap_i.addr;
      pbase_q    <= ap_i.addr;
      part_q     <= ap_i.space == tessel_isa_pkg::SpaceDram ? '0 : ap_i.part_start;
    end else if (adv_i) begin
      if (!inner_wrap) begin
        inner_q <= inner_next;
        cur_q   <= cur_q + (elemwise_q ? s2_q : 48'(adv_len_i) << esz_q);
      end else begin
        inner_q <= '0;
        if (!m_last) begin
          m_q     <= m_q + 24'd1;
          mbase_q <= mbase_q + s1_q;
          cur_q   <= mbase_q + s1_q;
        end else begin
          m_q <= '0;
          if (!o_last) begin
            o_q     <= o_q + 24'd1;
            obase_q <= obase_q + s0_q;
            mbase_q <= obase_q + s0_q;
            cur_q   <= obase_q + s0_q;
          end else begin
            // Next partition: its element 0 is pstride past this partition's.
            o_q     <= '0;
            part_q  <= part_q + 8'd1;
            pbase_q <= pbase_q + pstride_q;
            obase_q <= pbase_q + pstride_q;
            mbase_q <= pbase_q + pstride_q;
            cur_q   <= pbase_q + pstride_q;
          end
        end
      end
    end
  end

endmodule
