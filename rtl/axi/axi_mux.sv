// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// AXI4 multiplexer: NumPorts upstream masters share one downstream master port (docs/core.md).
//
// Each upstream port is one AXI ID: its requests leave with ID = the port's index, whatever ID
// the port drove, and responses come back to the port whose index the response ID carries (with
// ID 0). Ports therefore see their own responses in order, and the slave may reorder responses
// of different ports, as AXI4 allows.
//
// AR and AW each have a round-robin arbiter that holds its choice while the downstream VALID is
// waiting for READY (AXI forbids withdrawing a presented request). Write data follows the order
// in which write addresses were accepted: each AW handshake queues its port's index, and W beats
// pass from the port at the head of that queue until WLAST. W data presented before its AW is
// accepted waits, which AXI allows (a master must not wait for WREADY before asserting AWVALID,
// and no Tessel master does).
module axi_mux
  import tessel_axi_pkg::*;
#(
  parameter  int unsigned NumPorts = 2,   // at most 2^AxiIdW
  parameter  int unsigned WDepth   = 8,   // write bursts accepted whose data has not all passed
  localparam int unsigned IdxW     = NumPorts > 1 ? $clog2(NumPorts) : 1
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  axi_req_t [NumPorts-1:0] slv_req_i,
  output axi_rsp_t [NumPorts-1:0] slv_rsp_o,
  output axi_req_t                mst_req_o,
  input  axi_rsp_t                mst_rsp_i
);

  localparam int unsigned WCountW = $clog2(WDepth + 1);

  // ---- AR / AW arbitration ------------------------------------------------------------------
  logic [NumPorts-1:0] ar_req, aw_req;
  logic                ar_any, aw_any, ar_locked_q, aw_locked_q;
  logic [IdxW-1:0]     ar_pick, aw_pick, ar_idx, aw_idx, ar_idx_q, aw_idx_q;
  logic [IdxW-1:0]     ar_first_q, aw_first_q;
  logic                ar_fire, aw_fire, w_fire, w_room;

  for (genvar i = 0; i < NumPorts; i++) begin : g_req
    assign ar_req[i] = slv_req_i[i].ar_valid;
    assign aw_req[i] = slv_req_i[i].aw_valid;
  end

  axi_rr_pick #(.N(NumPorts)) u_ar_pick (
    .req_i  (ar_req),
    .first_i(ar_first_q),
    .any_o  (ar_any),
    .idx_o  (ar_pick)
  );

  axi_rr_pick #(.N(NumPorts)) u_aw_pick (
    .req_i  (aw_req),
    .first_i(aw_first_q),
    .any_o  (aw_any),
    .idx_o  (aw_pick)
  );

  assign ar_idx = ar_locked_q ? ar_idx_q : ar_pick;
  assign aw_idx = aw_locked_q ? aw_idx_q : aw_pick;

  // ---- write-data order ---------------------------------------------------------------------
  logic [WDepth-1:0][IdxW-1:0] w_order_q;
  logic [WCountW-1:0]          w_count_q;
  logic [IdxW-1:0]             w_idx;
  logic                        w_active;

  assign w_room   = w_count_q < WCountW'(WDepth);
  assign w_active = w_count_q != '0;
  assign w_idx    = w_order_q[0];

  // ---- downstream request -------------------------------------------------------------------
  always_comb begin
    mst_req_o          = '0;
    mst_req_o.ar_valid = (ar_locked_q || ar_any);
    mst_req_o.ar       = slv_req_i[ar_idx].ar;
    mst_req_o.ar.id    = AxiIdW'(ar_idx);
    mst_req_o.aw_valid = (aw_locked_q || aw_any) && w_room;
    mst_req_o.aw       = slv_req_i[aw_idx].aw;
    mst_req_o.aw.id    = AxiIdW'(aw_idx);
    mst_req_o.w_valid  = w_active && slv_req_i[w_idx].w_valid;
    mst_req_o.w        = slv_req_i[w_idx].w;
    mst_req_o.b_ready  = slv_req_i[IdxW'(mst_rsp_i.b.id)].b_ready;
    mst_req_o.r_ready  = slv_req_i[IdxW'(mst_rsp_i.r.id)].r_ready;
  end

  assign ar_fire = mst_req_o.ar_valid && mst_rsp_i.ar_ready;
  assign aw_fire = mst_req_o.aw_valid && mst_rsp_i.aw_ready;
  assign w_fire  = mst_req_o.w_valid && mst_rsp_i.w_ready;

  // ---- upstream responses -------------------------------------------------------------------
  always_comb begin
    for (int unsigned i = 0; i < NumPorts; i++) begin
      slv_rsp_o[i]          = '0;
      slv_rsp_o[i].ar_ready = mst_rsp_i.ar_ready && ar_idx == IdxW'(i) && mst_req_o.ar_valid;
      slv_rsp_o[i].aw_ready = mst_rsp_i.aw_ready && aw_idx == IdxW'(i) && mst_req_o.aw_valid;
      slv_rsp_o[i].w_ready  = mst_rsp_i.w_ready && w_active && w_idx == IdxW'(i);
      slv_rsp_o[i].b_valid  = mst_rsp_i.b_valid && mst_rsp_i.b.id == AxiIdW'(i);
      slv_rsp_o[i].b.resp   = mst_rsp_i.b.resp;
      slv_rsp_o[i].r_valid  = mst_rsp_i.r_valid && mst_rsp_i.r.id == AxiIdW'(i);
      slv_rsp_o[i].r.data   = mst_rsp_i.r.data;
      slv_rsp_o[i].r.resp   = mst_rsp_i.r.resp;
      slv_rsp_o[i].r.last   = mst_rsp_i.r.last;
    end
  end

  // ---- state --------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ar_locked_q <= 1'b0;
      aw_locked_q <= 1'b0;
      ar_idx_q    <= '0;
      aw_idx_q    <= '0;
      ar_first_q  <= '0;
      aw_first_q  <= '0;
    end else begin
      // Hold a presented request until it is accepted; then the next port gets first choice.
      ar_locked_q <= mst_req_o.ar_valid && !mst_rsp_i.ar_ready;
      aw_locked_q <= mst_req_o.aw_valid && !mst_rsp_i.aw_ready;
      ar_idx_q    <= ar_idx;
      aw_idx_q    <= aw_idx;
      if (ar_fire) ar_first_q <= IdxW'((int'(ar_idx) + 1) % NumPorts);
      if (aw_fire) aw_first_q <= IdxW'((int'(aw_idx) + 1) % NumPorts);
    end
  end

  logic w_pop;
  assign w_pop = w_fire && mst_req_o.w.last;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w_order_q <= '0;
      w_count_q <= '0;
    end else begin
      if (w_pop) begin
        for (int unsigned k = 0; k + 1 < WDepth; k++) w_order_q[k] <= w_order_q[k+1];
      end
      if (aw_fire) begin
        w_order_q[w_pop ? w_count_q - 1'b1 : w_count_q] <= aw_idx;
      end
      w_count_q <= w_count_q + WCountW'(aw_fire) - WCountW'(w_pop);
    end
  end

endmodule
