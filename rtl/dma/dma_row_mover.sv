// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The DMA data mover (docs/dma.md): copies one contiguous row of bytes between device memory
// (through an AXI4 master) and one SBUF partition (through the SBUF's DMA port), in either
// direction, with any byte alignment on either side and any length. The access-pattern walker
// in front of it splits a DMA_COPY into rows that are contiguous on both sides.
//
// Device memory is accessed in INCR bursts of 8-byte beats (AxSIZE 3) that never cross a 4 KiB
// boundary and are at most 16 beats long; up to MaxBursts bursts are outstanding, all with ID 0,
// so responses return in order. Bytes pass through a 24-byte queue that realigns them between
// the device-memory lanes and the SBUF word lanes; 24 bytes hold a word being sent, a word
// being read and the next read's, so SBUF reads for writes go out one a cycle.
//
// Rows back to back: the mover accepts up to RowDepth rows ahead of the one it is moving (all in
// one direction) and keeps them in a small ring. Three sides walk the rows in order, each with
// its own pointer: the address side (AR/AW bursts), the device-data side (R or W beats) and the
// SBUF side. The address side starts the next row's bursts as soon as its previous row's are
// issued, so the bus stays busy across rows instead of draining between them; R data of one ID
// returns in order and W follows AW order, so each data side simply moves on to its next row
// when the current one is used up. The realignment queue carries bytes of consecutive rows one
// after the other; each side takes only its own row's bytes.
//
// Errors: the first SLVERR/DECERR response stops the mover, and with it every row it holds. No
// further burst is issued; read data from the failing beat on is dropped, while the bytes before
// it (already in the queue) are still written, so SBUF holds exactly the bytes before the failing
// beat. W beats still owed for
// write bursts already issued go out with WSTRB = 0, so no data reaches device memory after the
// error response, except the one beat that may already wait in the W register (AXI forbids
// changing a presented beat). The mover stops (done_o) once every issued burst has been answered,
// reporting the response and the address of the failing beat (reads) or burst (writes); rows
// it held that had not started are dropped. A write error can only be seen when its B returns,
// so bursts issued before it (at most MaxBursts + 1, possibly of later rows) may have landed
// beyond the failing one; docs/dma.md discusses the trade-off.
module dma_row_mover #(
  parameter  int unsigned NumParts     = 4,
  parameter  int unsigned BytesPerPart = 4096,
  parameter  int unsigned MaxBursts    = 4,
  parameter  int unsigned RowDepth     = 4,   // rows accepted ahead (a power of two)
  localparam int unsigned WordW        = $clog2(BytesPerPart / 8),
  localparam int unsigned AddrW        = WordW + 3,
  localparam int unsigned LenW         = AddrW + 1,
  localparam int unsigned PartW        = NumParts > 1 ? $clog2(NumParts) : 1,
  localparam int unsigned OutW         = $clog2(MaxBursts + 1),
  localparam int unsigned RowPtrW      = $clog2(RowDepth),
  localparam int unsigned QBytes       = 24   // realignment queue
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // rows, back to back (while busy, only in the direction of the rows it holds)
  input  logic               cmd_valid_i,
  output logic               cmd_ready_o,
  input  logic               cmd_to_dram_i,    // 1: SBUF -> device memory, 0: the other way
  input  logic [47:0]        cmd_dram_addr_i,
  input  logic [PartW-1:0]   cmd_part_i,
  input  logic [AddrW-1:0]   cmd_sbuf_addr_i,  // byte offset in the partition
  input  logic [LenW-1:0]    cmd_bytes_i,      // 1 .. BytesPerPart
  output logic               done_o,           // one-cycle pulse: every row held has ended
  output logic               done_error_o,
  output logic [1:0]         done_resp_o,      // the error response (SLVERR 2, DECERR 3)
  output logic [47:0]        done_err_addr_o,
  output logic               busy_o,           // a row is held
  // SBUF DMA port
  output logic               sb_req_o,
  input  logic               sb_gnt_i,
  output logic               sb_we_o,
  output logic [PartW-1:0]   sb_part_o,
  output logic [WordW-1:0]   sb_word_o,
  output logic [7:0]         sb_be_o,
  output logic [63:0]        sb_wdata_o,
  input  logic               sb_rvalid_i,
  input  logic [63:0]        sb_rdata_i,
  // AXI4 master (ID 0 only)
  output tessel_axi_pkg::axi_req_t axi_req_o,
  input  tessel_axi_pkg::axi_rsp_t axi_rsp_i
);

  // Bytes of the burst starting at `addr` with `left` bytes to go: up to the 4 KiB boundary,
  // at most 16 beats of 8 bytes counted from the aligned address.
  function automatic logic [7:0] burst_bytes(logic [11:0] addr, logic [LenW-1:0] left);
    logic [12:0] to_4k, to_16;
    logic [12:0] n;
    to_4k = 13'd4096 - {1'b0, addr};
    to_16 = 13'd128 - {10'd0, addr[2:0]};
    n     = to_4k < to_16 ? to_4k : to_16;
    if (LenW'(n) > left) begin
      n = 13'(left);
    end
    return n[7:0];
  endfunction

  function automatic logic [7:0] burst_len(logic [2:0] lane, logic [7:0] bytes);
    logic [8:0] beats;
    beats = ({6'd0, lane} + {1'b0, bytes} + 9'd7) >> 3;
    return 8'(beats - 9'd1);
  endfunction

  // Bytes of the 8-byte word or beat at byte address `lane` with `left` bytes to go.
  function automatic logic [3:0] chunk(logic [2:0] lane, logic [LenW-1:0] left);
    logic [3:0] room;
    room = 4'd8 - {1'b0, lane};
    return LenW'(room) > left ? 4'(left) : room;
  endfunction

  function automatic logic [7:0] lane_mask(logic [2:0] lane, logic [3:0] n);
    return 8'((16'((1 << n) - 1)) << lane);
  endfunction

  // ---- rows accepted: a ring read by three sides in order ---------------------------------------
  typedef struct packed {
    logic [47:0]      dram;
    logic [PartW-1:0] part;
    logic [AddrW-1:0] sbuf;
    logic [LenW-1:0]  bytes;
  } row_t;

  row_t [RowDepth-1:0] rows_q;
  logic [RowPtrW:0]    row_wr_q, ax_rd_q, dd_rd_q, sb_rd_q;  // one wrap bit above the index
  row_t                ax_row, dd_row, sb_row;               // each side's next row
  logic                ax_load, dd_load, sb_load;            // the side takes its next row
  logic                room;

  assign ax_row = rows_q[ax_rd_q[RowPtrW-1:0]];
  assign dd_row = rows_q[dd_rd_q[RowPtrW-1:0]];
  assign sb_row = rows_q[sb_rd_q[RowPtrW-1:0]];
  // Every side has room for one more row (each side's count of rows it has not started).
  assign room = row_wr_q - ax_rd_q < (RowPtrW + 1)'(RowDepth) &&
                row_wr_q - dd_rd_q < (RowPtrW + 1)'(RowDepth) &&
                row_wr_q - sb_rd_q < (RowPtrW + 1)'(RowDepth);

  // ---- state ------------------------------------------------------------------------------------
  logic                 busy_q, to_dram_q, error_q;
  logic [PartW-1:0]     part_q;        // the SBUF side's row
  logic [1:0]           err_resp_q;
  logic [47:0]          err_addr_q;
  logic [47:0]          ax_addr_q;     // next burst to issue
  logic [LenW-1:0]      ax_left_q;
  logic                 ax_valid_q;    // AR or AW presented
  logic [47:0]          ax_addr;       // the row being issued: registers, or the next row
  logic [LenW-1:0]      ax_left;
  logic [47:0]          ax_out_addr_q;
  logic [7:0]           ax_out_len_q;
  logic [OutW-1:0]      out_q;         // bursts issued and not yet answered
  logic [47:0]          dd_addr_q;     // device-memory data pointer (R or W beats)
  logic [LenW-1:0]      dd_left_q;
  logic [47:0]          dd_addr;
  logic [LenW-1:0]      dd_left;
  logic [8:0]           w_beats_q;     // W beats left in the current burst
  logic [OutW-1:0]      w_owed_q;      // bursts issued on AW whose W beats have not started
  logic                 w_valid_q, w_last_q;
  logic [63:0]          w_data_q;
  logic [7:0]           w_strb_q;
  logic [AddrW-1:0]     sb_addr_q;     // SBUF pointer (reads or writes)
  logic [LenW-1:0]      sb_left_q;
  logic [PartW-1:0]     sb_part;
  logic [AddrW-1:0]     sb_addr;
  logic [LenW-1:0]      sb_left;
  logic                 sb_rd_busy_q;  // an SBUF read is in flight
  logic [2:0]           sb_rd_lane_q;
  logic [3:0]           sb_rd_n_q;
  logic [QBytes-1:0][7:0] q_q;         // realignment queue, byte 0 oldest
  logic [4:0]           q_cnt_q;
  logic [MaxBursts-1:0][47:0] wb_addr_q;  // addresses of write bursts awaiting B (ring)
  logic [$clog2(MaxBursts)-1:0] wb_head_q, wb_tail_q;

  // ---- handshakes this cycle --------------------------------------------------------------------
  logic ax_hs, r_hs, w_hs, b_hs, sb_hs, r_err, b_err, r_ok;
  logic start, issue_more, w_can_load, w_need_data, done;
  logic [3:0] r_n, w_n, sb_n, pop_n, push_n;
  logic [2:0] r_lane, w_lane, sb_lane;
  logic [63:0] push_bytes;
  logic [7:0] ax_bytes;

  assign start = cmd_valid_i && cmd_ready_o;

  // A side whose row is used up works on its next row from the same cycle (no bubble per row).
  assign ax_load = ax_left_q == '0 && ax_rd_q != row_wr_q;
  assign dd_load = dd_left_q == '0 && dd_rd_q != row_wr_q;
  assign sb_load = sb_left_q == '0 && sb_rd_q != row_wr_q;
  assign ax_addr = ax_load ? ax_row.dram  : ax_addr_q;
  assign ax_left = ax_load ? ax_row.bytes : ax_left_q;
  assign dd_addr = dd_load ? dd_row.dram  : dd_addr_q;
  assign dd_left = dd_load ? dd_row.bytes : dd_left_q;
  assign sb_part = sb_load ? sb_row.part  : part_q;
  assign sb_addr = sb_load ? sb_row.sbuf  : sb_addr_q;
  assign sb_left = sb_load ? sb_row.bytes : sb_left_q;
  assign ax_hs = ax_valid_q && (to_dram_q ? axi_rsp_i.aw_ready : axi_rsp_i.ar_ready);
  assign r_hs  = axi_rsp_i.r_valid && r_ready;
  assign w_hs  = w_valid_q && axi_rsp_i.w_ready;
  assign b_hs  = axi_rsp_i.b_valid;
  assign sb_hs = sb_req_o && sb_gnt_i;
  assign r_err = r_hs && axi_rsp_i.r.resp[1];
  assign b_err = b_hs && axi_rsp_i.b.resp[1];
  assign r_ok  = r_hs && !axi_rsp_i.r.resp[1] && !error_q;

  assign ax_bytes   = burst_bytes(ax_addr[11:0], ax_left);
  assign issue_more = busy_q && !error_q && ax_left != '0 && 32'(out_q) < MaxBursts;

  // R: the beat's bytes, in order, from the data pointer's lane.
  assign r_lane = dd_addr[2:0];
  assign r_n    = chunk(r_lane, dd_left);

  // W: the next beat, from the queue, once an AW for its burst is out.
  assign w_lane      = dd_addr[2:0];
  assign w_n         = chunk(w_lane, dd_left);
  assign w_need_data = !error_q;  // after an error, owed beats go out empty
  assign w_can_load  = busy_q && to_dram_q && (!w_valid_q || axi_rsp_i.w_ready) &&
                       (w_beats_q != '0 || w_owed_q != '0) && dd_left != '0 &&
                       (!w_need_data || {1'b0, q_cnt_q} >= {2'b0, w_n});

  // SBUF side: writes drain the queue a word at a time, reads fill it.
  // After a read error the queue holds exactly the row's bytes before the failing beat: they
  // still go to SBUF (a partial word at the end), so the copy stops at the failing beat.
  logic [3:0] sb_chunk;
  logic       sb_drain;
  assign sb_lane  = sb_addr[2:0];
  assign sb_chunk = chunk(sb_lane, sb_left);
  assign sb_drain = error_q && !to_dram_q && {1'b0, q_cnt_q} < {2'b0, sb_chunk};
  assign sb_n     = sb_drain ? q_cnt_q[3:0] : sb_chunk;

  always_comb begin
    sb_req_o   = 1'b0;
    sb_we_o    = !to_dram_q;
    sb_part_o  = sb_part;
    sb_word_o  = sb_addr[AddrW-1:3];
    sb_be_o    = lane_mask(sb_lane, sb_n);
    sb_wdata_o = 64'(q_q[7:0]) << {sb_lane, 3'b000};
    if (busy_q && sb_left != '0) begin
      if (!to_dram_q) begin
        sb_req_o = error_q ? q_cnt_q != '0 : {1'b0, q_cnt_q} >= {2'b0, sb_n};
      end else begin
        // One read a cycle: the next goes out as the previous one's data arrives, when the
        // queue has room for both.
        sb_req_o = !error_q && (!sb_rd_busy_q || sb_rvalid_i) &&
                   q_cnt_q <= (sb_rd_busy_q ? 5'd8 : 5'd16);
      end
    end
  end

  // Queue: pop (SBUF write or W load) first, then push (R beat or SBUF read data) behind.
  always_comb begin
    pop_n      = '0;
    push_n     = '0;
    push_bytes = '0;
    if (!to_dram_q && sb_hs) begin
      pop_n = sb_n;
    end
    if (w_can_load && w_need_data) begin
      pop_n = w_n;
    end
    if (r_ok) begin
      push_n     = r_n;
      push_bytes = axi_rsp_i.r.data >> {r_lane, 3'b000};
    end
    if (sb_rvalid_i && sb_rd_busy_q) begin
      push_n     = sb_rd_n_q;
      push_bytes = sb_rdata_i >> {sb_rd_lane_q, 3'b000};
    end
  end

  logic [QBytes-1:0][7:0] q_popped, q_d;
  logic [4:0]             q_cnt_popped;
  logic [QBytes*8-1:0]    push_masked;

  assign q_popped     = q_q >> {pop_n, 3'b000};
  assign q_cnt_popped = q_cnt_q - {1'b0, pop_n};
  logic [63:0]            push_kept;  // the pushed bytes only (1 << 64 is 0: all eight kept)
  assign push_kept    = push_bytes & ((64'd1 << {push_n, 3'b000}) - 64'd1);
  assign push_masked  = (QBytes * 8)'(push_kept);
  assign q_d          = q_popped | (push_masked << {q_cnt_popped, 3'b000});

  // ---- outputs ----------------------------------------------------------------------------------
  // While busy: more rows in the same direction, until an error stops the mover.
  assign cmd_ready_o     = !busy_q || (!error_q && room && cmd_to_dram_i == to_dram_q);
  assign busy_o          = busy_q;
  // One burst is presented at a time, on AW or AR by direction; responses carry ID 0 only.
  logic r_ready;
  // Room for a whole beat; after an error beats are drained without being kept.
  assign r_ready = busy_q && !to_dram_q && (error_q || q_cnt_q <= 5'd8);

  always_comb begin
    axi_req_o          = '0;
    axi_req_o.aw_valid = ax_valid_q && to_dram_q;
    axi_req_o.ar_valid = ax_valid_q && !to_dram_q;
    axi_req_o.aw.addr  = ax_out_addr_q;
    axi_req_o.aw.len   = ax_out_len_q;
    axi_req_o.aw.size  = 3'd3;
    axi_req_o.aw.burst = tessel_axi_pkg::AxiBurstIncr;
    axi_req_o.ar       = axi_req_o.aw;
    axi_req_o.w_valid  = w_valid_q;
    axi_req_o.w.data   = w_data_q;
    axi_req_o.w.strb   = w_strb_q;
    axi_req_o.w.last   = w_last_q;
    axi_req_o.b_ready  = 1'b1;
    axi_req_o.r_ready  = r_ready;
  end

  // Single ID: response IDs carry no information.
  logic unused_ids;
  assign unused_ids = ^{axi_rsp_i.b.id, axi_rsp_i.r.id};
  // Each side reads only its own fields of a row.
  logic unused_row_fields;
  assign unused_row_fields = ^{ax_row.part, ax_row.sbuf, dd_row.part, dd_row.sbuf, sb_row.dram};

  assign done = busy_q && out_q == '0 && !ax_valid_q && !w_valid_q &&
                (error_q ? (to_dram_q || q_cnt_q == '0)
                         : (ax_left == '0 && sb_left == '0 && dd_left == '0));
  assign done_o          = done;
  assign done_error_o    = error_q;
  assign done_resp_o     = err_resp_q;
  assign done_err_addr_o = err_addr_q;

  // ---- next state -------------------------------------------------------------------------------
  logic [8:0] w_burst_beats;
  assign w_burst_beats =
      9'(burst_len(dd_addr[2:0], burst_bytes(dd_addr[11:0], dd_left))) + 9'd1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q        <= 1'b0;
      to_dram_q     <= 1'b0;
      error_q       <= 1'b0;
      part_q        <= '0;
      err_resp_q    <= '0;
      err_addr_q    <= '0;
      ax_addr_q     <= '0;
      ax_left_q     <= '0;
      ax_valid_q    <= 1'b0;
      ax_out_addr_q <= '0;
      ax_out_len_q  <= '0;
      out_q         <= '0;
      dd_addr_q     <= '0;
      dd_left_q     <= '0;
      w_beats_q     <= '0;
      w_owed_q      <= '0;
      w_valid_q     <= 1'b0;
      w_last_q      <= 1'b0;
      w_data_q      <= '0;
      w_strb_q      <= '0;
      sb_addr_q     <= '0;
      sb_left_q     <= '0;
      sb_rd_busy_q  <= 1'b0;
      sb_rd_lane_q  <= '0;
      sb_rd_n_q     <= '0;
      q_q           <= '0;
      q_cnt_q       <= '0;
      wb_addr_q     <= '0;
      wb_head_q     <= '0;
      wb_tail_q     <= '0;
      rows_q        <= '0;
      row_wr_q      <= '0;
      ax_rd_q       <= '0;
      dd_rd_q       <= '0;
      sb_rd_q       <= '0;
    end else begin
      // Rows: pushed into the ring; each side loads its next one when its row is used up.
      if (start) begin
        rows_q[row_wr_q[RowPtrW-1:0]] <= '{dram: cmd_dram_addr_i, part: cmd_part_i,
                                           sbuf: cmd_sbuf_addr_i, bytes: cmd_bytes_i};
        row_wr_q  <= row_wr_q + 1'b1;
        to_dram_q <= cmd_to_dram_i;
      end
      if (ax_load) begin
        ax_addr_q <= ax_row.dram;
        ax_left_q <= ax_row.bytes;
        ax_rd_q   <= ax_rd_q + 1'b1;
      end
      if (dd_load) begin
        dd_addr_q <= dd_row.dram;
        dd_left_q <= dd_row.bytes;
        dd_rd_q   <= dd_rd_q + 1'b1;
      end
      if (sb_load) begin
        part_q    <= sb_row.part;
        sb_addr_q <= sb_row.sbuf;
        sb_left_q <= sb_row.bytes;
        sb_rd_q   <= sb_rd_q + 1'b1;
      end
      busy_q <= start || (busy_q && !done);
      if (start && !busy_q) begin
        error_q <= 1'b0;
      end

      // Address channel: one burst presented at a time, held until accepted.
      if (ax_hs) begin
        ax_valid_q <= 1'b0;
      end
      if ((!ax_valid_q || ax_hs) && issue_more) begin
        ax_valid_q    <= 1'b1;
        ax_out_addr_q <= ax_addr;
        ax_out_len_q  <= burst_len(ax_addr[2:0], ax_bytes);
        ax_addr_q     <= ax_addr + 48'(ax_bytes);
        ax_left_q     <= ax_left - LenW'(ax_bytes);
      end
      out_q <= out_q + OutW'(ax_hs) - OutW'(r_hs && axi_rsp_i.r.last) - OutW'(b_hs);

      // Write-burst addresses, for reporting the one a B error answers.
      if (ax_hs && to_dram_q) begin
        wb_addr_q[wb_tail_q] <= ax_out_addr_q;
        wb_tail_q            <= wb_tail_q + 1'b1;
      end
      if (b_hs) begin
        wb_head_q <= wb_head_q + 1'b1;
      end

      // R beats.
      if (r_hs) begin
        dd_addr_q <= dd_addr + 48'(r_n);
        dd_left_q <= dd_left - LenW'(r_n);
      end

      // W beats: loaded into the output register from the queue (or empty after an error).
      w_owed_q <= w_owed_q + OutW'(ax_hs && to_dram_q) -
                  OutW'(w_can_load && w_beats_q == '0);
      if (w_hs) begin
        w_valid_q <= 1'b0;
      end
      if (w_can_load) begin
        w_valid_q <= 1'b1;
        w_data_q  <= 64'(q_q[7:0]) << {w_lane, 3'b000};
        w_strb_q  <= error_q ? 8'd0 : lane_mask(w_lane, w_n);
        if (w_beats_q == '0) begin
          w_beats_q <= w_burst_beats - 9'd1;
          w_last_q  <= w_burst_beats == 9'd1;
        end else begin
          w_beats_q <= w_beats_q - 9'd1;
          w_last_q  <= w_beats_q == 9'd1;
        end
        dd_addr_q <= dd_addr + 48'(w_n);
        dd_left_q <= dd_left - LenW'(w_n);
      end

      // SBUF side.
      if (sb_hs) begin
        sb_addr_q <= sb_addr + AddrW'(sb_n);
        sb_left_q <= sb_left - LenW'(sb_n);
      end
      if (sb_hs && to_dram_q) begin
        sb_rd_busy_q <= 1'b1;
        sb_rd_lane_q <= sb_lane;
        sb_rd_n_q    <= sb_n;
      end else if (sb_rvalid_i) begin
        sb_rd_busy_q <= 1'b0;
      end

      // A new run of rows starts with an empty queue (a write error may leave bytes behind).
      if (start && !busy_q) begin
        q_cnt_q <= '0;
      end else begin
        q_q     <= q_d;
        q_cnt_q <= q_cnt_popped + {1'b0, push_n};
      end

      // The first error response stops the row.
      if ((r_err || b_err) && !error_q) begin
        error_q    <= 1'b1;
        err_resp_q <= r_err ? axi_rsp_i.r.resp : axi_rsp_i.b.resp;
        err_addr_q <= r_err ? dd_addr : wb_addr_q[wb_head_q];
      end
      // Stopped by an error: rows not started (or not finished) are dropped. The flush wins
      // over the loads above; no row arrives in this cycle (not ready after an error).
      if (done && error_q) begin
        ax_left_q <= '0;
        dd_left_q <= '0;
        sb_left_q <= '0;
        ax_rd_q   <= row_wr_q;
        dd_rd_q   <= row_wr_q;
        sb_rd_q   <= row_wr_q;
      end
    end
  end

endmodule
