// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The access-pattern walker (docs/dma.md): turns one DMA_COPY into rows, runs of bytes that are
// contiguous on both sides, in element order. For each partition the source and destination free
// axes advance in lock step (their shapes may differ, their element counts agree); a row ends
// where either side's run ends (dma_ap_iter), and never crosses a partition on either side. A
// packed tile is therefore one row per partition, a transposed access one row per element.
//
// One row per cycle once loaded: a command is taken in one cycle, its first row is offered the
// next, and each accepted row advances both sides at once.
module dma_walker (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                cmd_valid_i,
  output logic                cmd_ready_o,
  input  tessel_isa_pkg::ap_t cmd_dst_i,
  input  tessel_isa_pkg::ap_t cmd_src_i,
  input  logic                flush_i,     // drop the command in progress (after an error)
  output logic                row_valid_o,
  input  logic                row_ready_i,
  output dma_pkg::dma_row_t   row_o,
  output logic                row_last_o,  // the command's last row
  output logic                busy_o
);

  logic        busy_q;
  logic [7:0]  parts_left_q;
  logic [1:0]  esz_q, src_space_q, dst_space_q;
  logic        load, adv, src_end, dst_end;
  logic [47:0] src_addr, dst_addr;
  logic [7:0]  src_part, dst_part;
  logic [23:0] src_run, dst_run, len;

  assign cmd_ready_o = !busy_q;
  assign load        = cmd_valid_i && cmd_ready_o;
  assign len         = src_run < dst_run ? src_run : dst_run;
  assign row_valid_o = busy_q;
  assign adv         = row_valid_o && row_ready_i;
  assign busy_o      = busy_q;

  dma_ap_iter u_src (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .load_i    (load),
    .ap_i      (cmd_src_i),
    .adv_i     (adv),
    .adv_len_i (len),
    .addr_o    (src_addr),
    .part_o    (src_part),
    .run_o     (src_run),
    .part_end_o(src_end)
  );

  dma_ap_iter u_dst (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .load_i    (load),
    .ap_i      (cmd_dst_i),
    .adv_i     (adv),
    .adv_len_i (len),
    .addr_o    (dst_addr),
    .part_o    (dst_part),
    .run_o     (dst_run),
    .part_end_o(dst_end)
  );

  // Both sides end a partition on the same element (equal counts, checked at issue); the
  // destination's flag is only kept for the assertion.
  logic unused_dst_end;
  assign unused_dst_end = dst_end;

  always_comb begin
    row_o           = '0;
    row_o.src_space = src_space_q;
    row_o.dst_space = dst_space_q;
    row_o.src_part  = src_part;
    row_o.dst_part  = dst_part;
    row_o.src_addr  = src_addr;
    row_o.dst_addr  = dst_addr;
    row_o.bytes     = len << esz_q;
  end
  assign row_last_o = parts_left_q == 8'd1 && src_end;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q       <= 1'b0;
      parts_left_q <= '0;
      esz_q        <= '0;
      src_space_q  <= '0;
      dst_space_q  <= '0;
    end else if (flush_i) begin
      busy_q <= 1'b0;
    end else if (load) begin
      busy_q       <= 1'b1;
      parts_left_q <= cmd_src_i.part_count;
      esz_q        <= tessel_isa_pkg::dtype_size_log2(cmd_src_i.dtype);
      src_space_q  <= cmd_src_i.space;
      dst_space_q  <= cmd_dst_i.space;
    end else if (adv && src_end) begin
      parts_left_q <= parts_left_q - 8'd1;
      if (row_last_o) begin
        busy_q <= 1'b0;
      end
    end
  end

endmodule
