// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Reads one SBUF operand of a MATMUL as tensor-engine beats: beat j holds the j-th free element
// (element order) of every partition, rotated so that lane k is partition part_start + k.
//
//   ap (queue) -> tensor_exec_ap_walk -> SBUF engine read (req/gnt) -> rotate -> FIFO -> beat
//
// The SBUF answers one cycle after the grant and the answer must be taken, so a read is only
// requested while the FIFO has room for it and for the answer already on its way (credit). With
// Depth 4 that keeps one request per cycle in flight. A refused request (gnt_i low, the DMA won
// the shared port) is simply held. The next operand loads in the cycle the last element is
// granted, so consecutive instructions stream without a bubble.
//
// meta_i travels with every beat of the operand (format, K, ...), beat_last_o marks its last.
module tensor_exec_reader
  import tessel_isa_pkg::*;
#(
  parameter  int unsigned Parts = 4,
  parameter  int unsigned AddrW = 12,    // SBUF byte offset bits
  parameter  int unsigned MetaW = 3,
  parameter  int unsigned Depth = 4,
  localparam int unsigned ShiftW = Parts > 1 ? $clog2(Parts) : 1
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  // the next operand: an instruction is waiting in the queue (ap_take_o consumes it)
  input  logic                       ap_valid_i,
  input  ap_t                        ap_i,
  input  logic [MetaW-1:0]           meta_i,
  output logic                       ap_take_o,
  // SBUF engine read port
  output logic                       req_o,
  input  logic                       gnt_i,
  output logic [AddrW-1:0]           addr_o,
  output logic [1:0]                 size_o,
  input  logic                       rvalid_i,
  input  logic [Parts-1:0][31:0]     rdata_i,
  // beats
  output logic                       beat_valid_o,
  input  logic                       beat_ready_i,
  output logic [Parts-1:0][15:0]     beat_data_o,
  output logic [MetaW-1:0]           beat_meta_o,
  output logic                       beat_last_o
);

  localparam int unsigned CountW = $clog2(Depth + 1);
  localparam int unsigned EntryW = Parts * 16 + MetaW + 1;

  // ---- operand walk ------------------------------------------------------------------------------
  logic                           walk_valid, walk_last, fire;
  logic [AddrW-1:0]               walk_addr;
  logic [FreeDims-1:0][AddrW-1:0] stride_bytes;
  logic [FreeDims-1:0][15:0]      counts;
  logic [1:0]                     size_d, size_q;
  logic [MetaW-1:0]               meta_q;
  logic [ShiftW-1:0]              shift_d, shift_q;

  // Strides are in elements; the walker steps in bytes (modulo 2^AddrW, see the walker).
  for (genvar d = 0; d < FreeDims; d++) begin : g_dim
    assign stride_bytes[d] = AddrW'(32'($signed(ap_i.dims[d].stride)) <<
                                    dtype_size_log2(ap_i.dtype));
    assign counts[d]       = ap_i.dims[d].count;
  end

  assign fire      = req_o && gnt_i;
  assign ap_take_o = ap_valid_i && (!walk_valid || (fire && walk_last));
  assign size_d    = ap_take_o ? dtype_size_log2(ap_i.dtype) : size_q;
  assign shift_d   = ap_take_o ? ShiftW'(ap_i.part_start) : shift_q;

  tensor_exec_ap_walk #(
    .W(AddrW)
  ) u_walk (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .load_i  (ap_take_o),
    .base_i  (ap_i.addr[AddrW-1:0]),
    .stride_i(stride_bytes),
    .count_i (counts),
    .next_i  (fire),
    .valid_o (walk_valid),
    .addr_o  (walk_addr),
    .last_o  (walk_last)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      size_q  <= '0;
      shift_q <= '0;
      meta_q  <= '0;
    end else begin
      size_q  <= size_d;
      shift_q <= shift_d;
      if (ap_take_o) begin
        meta_q <= meta_i;
      end
    end
  end

  // ---- requests and credit -----------------------------------------------------------------------
  logic [CountW-1:0] fifo_count;
  logic              room;

  // Room for this request, the answer arriving now (rvalid_i) and every FIFO entry; pops of this
  // cycle are not counted, which costs nothing at Depth 4 and keeps ready off this path.
  assign room   = 32'(fifo_count) + 32'(rvalid_i) < Depth;
  assign req_o  = walk_valid && room;
  assign addr_o = walk_addr;
  assign size_o = size_q;

  // What the answer to this cycle's grant needs next cycle.
  logic              pend_last_q;
  logic [MetaW-1:0]  pend_meta_q;
  logic [ShiftW-1:0] pend_shift_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pend_last_q  <= 1'b0;
      pend_meta_q  <= '0;
      pend_shift_q <= '0;
    end else if (fire) begin
      pend_last_q  <= walk_last;
      pend_meta_q  <= meta_q;
      pend_shift_q <= shift_q;
    end
  end

  // ---- answers: rotate to rows, queue as beats ---------------------------------------------------
  logic [Parts-1:0][15:0] rdata16, rdata_rot;
  logic [EntryW-1:0]      entry_in, entry_out;
  logic                   unused_rdata;

  // Engine reads of 1- and 2-byte elements come back zero-extended; the upper half is unused.
  for (genvar p = 0; p < Parts; p++) begin : g_trunc
    assign rdata16[p] = rdata_i[p][15:0];
  end
  always_comb begin
    unused_rdata = 1'b0;
    for (int unsigned p = 0; p < Parts; p++) begin
      unused_rdata = unused_rdata ^ (^rdata_i[p][31:16]);
    end
  end

  tensor_exec_rotate #(
    .Lanes(Parts),
    .Width(16)
  ) u_rotate (
    .data_i (rdata16),
    .shift_i(pend_shift_q),
    .data_o (rdata_rot)
  );

  assign entry_in = {pend_last_q, pend_meta_q, rdata_rot};

  tensor_exec_fifo #(
    .Width(EntryW),
    .Depth(Depth)
  ) u_fifo (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .push_i (rvalid_i),
    .data_i (entry_in),
    .pop_i  (beat_valid_o && beat_ready_i),
    .valid_o(beat_valid_o),
    .data_o (entry_out),
    .count_o(fifo_count)
  );

  assign {beat_last_o, beat_meta_o, beat_data_o} = entry_out;

  // Fields of the access pattern a MATMUL SBUF operand does not use here (the space is SBUF by
  // the check, K travels in meta_i, partition_stride is DRAM only).
  logic unused_ap;
  assign unused_ap = ^{ap_i.space, ap_i.addr[47:AddrW], ap_i.part_count, ap_i.part_stride,
                       ap_i.part_start, unused_rdata};

endmodule
