// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Instruction prefetch of one sequencer (docs/sequencer.md): reads the stream
// [base_i, base_i + len_i) over AXI4, one 64-byte instruction per 8-beat INCR burst, and keeps up
// to Depth instructions fetched or in flight ahead of the consumer. A 64-byte aligned instruction
// never crosses a 4 KiB boundary, so one instruction per burst obeys the AXI 4 KiB rule by
// construction, and several bursts may be outstanding on the one AXI ID.
//
// Responses of one ID return in order, so the R beats fill the slots in the order their bursts
// were requested. A slot remembers whether any of its beats came back SLVERR/DECERR; the
// sequencer turns that into ErrAxi only when the instruction reaches its head (precise faults).
//
// Stopping (enable_i low) only stops new requests: a presented AR stays until accepted (AXI
// forbids withdrawing it) and bursts in flight complete into the buffer, which the next start_i
// empties. quiet_o says nothing is in flight, when start_i is allowed.
module seq_fetch
  import tessel_isa_pkg::*;
  import tessel_axi_pkg::*;
#(
  parameter  int unsigned Depth = 4,  // instruction slots (prefetch depth), >= 1
  localparam int unsigned SlotW = Depth > 1 ? $clog2(Depth) : 1,
  localparam int unsigned CntW  = $clog2(Depth + 1)
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         start_i,   // empty the buffer and fetch from base_i (only when quiet_o)
  input  logic [47:0]  base_i,
  input  logic [31:0]  len_i,
  input  logic         enable_i,  // may request further bursts
  output axi_req_t     axi_req_o,
  input  axi_rsp_t     axi_rsp_i,
  // the oldest instruction not yet taken
  output logic         slot_valid_o,  // all 8 beats arrived
  output instr_words_t slot_words_o,
  output logic         slot_err_o,    // some beat answered SLVERR / DECERR
  output logic [47:0]  slot_addr_o,   // its address (also the first address beyond the stream)
  input  logic         pop_i,         // take it (only when slot_valid_o)
  output logic         at_end_o,      // every whole instruction of the stream has been taken
  output logic         quiet_o
);

  localparam int unsigned Beats = InstrBits / AxiDataW;  // 8
  localparam int unsigned BeatW = $clog2(Beats);
  localparam logic [31:0] InstrBytes = 32'(InstrBits / 8);

  // ---- state --------------------------------------------------------------------------------
  logic [Depth-1:0][Beats-1:0][AxiDataW-1:0] data_q;
  logic [Depth-1:0]   full_q, full_d, err_q, err_d;
  logic [SlotW-1:0]   wr_slot_q, rd_slot_q;
  logic [BeatW-1:0]   wr_beat_q;
  logic [CntW-1:0]    used_q, used_d;          // slots requested and not yet taken
  logic [CntW-1:0]    outstanding_q;           // bursts accepted, last beat not yet received
  logic               ar_valid_q, ar_valid_d;
  logic [47:0]        ar_addr_q, ar_addr_d;    // next address to request
  logic [47:0]        pop_addr_q;              // address of the slot at rd_slot_q
  // stream bytes not yet requested / not yet taken
  logic [31:0]        fetch_left_q, fetch_left_d, pop_left_q;

  function automatic logic [SlotW-1:0] next_slot(logic [SlotW-1:0] s);
    return s == SlotW'(Depth - 1) ? '0 : s + 1'b1;
  endfunction

  logic ar_fire, r_fire, r_last, r_error, can_request;

  assign ar_fire     = ar_valid_q && axi_rsp_i.ar_ready;
  assign r_fire      = axi_rsp_i.r_valid;  // R is always ready: every burst has its slot
  assign r_last      = r_fire && axi_rsp_i.r.last;
  // EXOKAY cannot come back (no exclusive reads); only SLVERR and DECERR are faults.
  assign r_error     = axi_rsp_i.r.resp inside {AxiRespSlvErr, AxiRespDecErr};
  // A new burst only for a whole instruction of the stream, and only into a free slot.
  assign can_request = enable_i && fetch_left_q >= InstrBytes && used_q < CntW'(Depth);

  // ---- requests -----------------------------------------------------------------------------
  always_comb begin
    ar_valid_d   = ar_valid_q;
    ar_addr_d    = ar_addr_q;
    fetch_left_d = fetch_left_q;
    used_d       = used_q;
    if (!ar_valid_q || ar_fire) begin
      ar_valid_d = can_request;
      if (ar_fire) ar_addr_d = ar_addr_q + 48'(InstrBytes);
      if (can_request) begin
        fetch_left_d = fetch_left_q - InstrBytes;
        used_d       = used_d + 1'b1;
      end
    end
    if (pop_i) used_d = used_d - 1'b1;
  end

  // ---- slot flags ---------------------------------------------------------------------------
  always_comb begin
    full_d = full_q;
    err_d  = err_q;
    if (r_fire) begin
      // The first beat of a slot starts its error flag afresh.
      err_d[wr_slot_q] = r_error || (wr_beat_q != '0 && err_q[wr_slot_q]);
      if (r_last) full_d[wr_slot_q] = 1'b1;
    end
    if (pop_i) full_d[rd_slot_q] = 1'b0;
  end

  always_ff @(posedge clk_i) begin
    if (r_fire) data_q[wr_slot_q][wr_beat_q] <= axi_rsp_i.r.data;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      full_q        <= '0;
      err_q         <= '0;
      wr_slot_q     <= '0;
      wr_beat_q     <= '0;
      rd_slot_q     <= '0;
      used_q        <= '0;
      outstanding_q <= '0;
      ar_valid_q    <= 1'b0;
      ar_addr_q     <= '0;
      pop_addr_q    <= '0;
      fetch_left_q  <= '0;
      pop_left_q    <= '0;
    end else begin
      outstanding_q <= outstanding_q + CntW'(ar_fire) - CntW'(r_last);
      if (r_fire) begin
        wr_beat_q <= wr_beat_q + 1'b1;
        if (r_last) wr_slot_q <= next_slot(wr_slot_q);
      end
      if (start_i) begin
        // Only when quiet: nothing presented or in flight, so every pointer may restart.
        full_q       <= '0;
        err_q        <= '0;
        wr_slot_q    <= '0;
        wr_beat_q    <= '0;
        rd_slot_q    <= '0;
        used_q       <= '0;
        ar_valid_q   <= 1'b0;
        ar_addr_q    <= base_i;
        pop_addr_q   <= base_i;
        fetch_left_q <= len_i;
        pop_left_q   <= len_i;
      end else begin
        full_q       <= full_d;
        err_q        <= err_d;
        used_q       <= used_d;
        ar_valid_q   <= ar_valid_d;
        ar_addr_q    <= ar_addr_d;
        fetch_left_q <= fetch_left_d;
        if (pop_i) begin
          rd_slot_q  <= next_slot(rd_slot_q);
          pop_addr_q <= pop_addr_q + 48'(InstrBytes);
          pop_left_q <= pop_left_q - InstrBytes;
        end
      end
    end
  end

  // ---- outputs ------------------------------------------------------------------------------
  always_comb begin
    axi_req_o          = '0;
    axi_req_o.b_ready  = 1'b1;  // never writes; accept anything anyway
    axi_req_o.ar_valid = ar_valid_q;
    axi_req_o.ar.addr  = ar_addr_q;
    axi_req_o.ar.len   = 8'(Beats - 1);
    axi_req_o.ar.size  = 3'($clog2(AxiStrbW));
    axi_req_o.ar.burst = AxiBurstIncr;
    axi_req_o.r_ready  = 1'b1;
  end

  assign slot_valid_o = full_q[rd_slot_q];
  assign slot_words_o = instr_words_t'(data_q[rd_slot_q]);
  assign slot_err_o   = err_q[rd_slot_q];
  assign slot_addr_o  = pop_addr_q;
  assign at_end_o     = pop_left_q < InstrBytes;
  assign quiet_o      = outstanding_q == '0 && !ar_valid_q;

  // The B channel and the R ID/other fields are not used: this master only reads, on one ID.
  logic unused_rsp;
  assign unused_rsp = ^{axi_rsp_i.aw_ready, axi_rsp_i.w_ready, axi_rsp_i.b_valid, axi_rsp_i.b,
                        axi_rsp_i.r.id};

endmodule
