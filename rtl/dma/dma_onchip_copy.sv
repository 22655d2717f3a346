// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The on-chip copier (docs/dma.md): copies one row from an SBUF or PSUM partition to an SBUF
// partition, any byte alignment on either side, through the DMA's on-chip memory port. Each step
// reads the source word, then writes the bytes that fit in both the source and the destination
// word (at most 8): about three cycles per step. It is simple rather than fast; SBUF -> SBUF and
// PSUM -> SBUF copies are rare next to device-memory transfers.
module dma_onchip_copy (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   cmd_valid_i,
  output logic                   cmd_ready_o,
  input  dma_pkg::dma_row_t      cmd_i,
  output logic                   busy_o,
  output dma_pkg::dma_mem_req_t  mem_o,
  input  logic                   mem_gnt_i,
  input  logic                   mem_rvalid_i,
  input  logic [63:0]            mem_rdata_i
);

  typedef enum logic [1:0] {
    Idle  = 2'd0,
    Read  = 2'd1,
    Wait  = 2'd2,
    Write = 2'd3
  } state_e;

  state_e      state_q;
  logic        src_psum_q;
  logic [7:0]  src_part_q, dst_part_q;
  logic [23:0] src_q, dst_q, left_q;
  logic [63:0] data_q;  // the source word, shifted so the step's first byte is byte 0
  logic [3:0]  n;       // bytes this step

  always_comb begin
    logic [3:0] src_room, dst_room;
    src_room = 4'd8 - {1'b0, src_q[2:0]};
    dst_room = 4'd8 - {1'b0, dst_q[2:0]};
    n        = src_room < dst_room ? src_room : dst_room;
    if (24'(n) > left_q) begin
      n = 4'(left_q);
    end
  end

  always_comb begin
    mem_o       = '0;
    mem_o.req   = state_q == Read || state_q == Write;
    mem_o.psum  = state_q == Read && src_psum_q;
    mem_o.we    = state_q == Write;
    mem_o.part  = state_q == Write ? dst_part_q : src_part_q;
    mem_o.word  = 24'((state_q == Write ? dst_q : src_q) >> 3);
    mem_o.be    = 8'((16'((1 << n) - 1)) << dst_q[2:0]);
    mem_o.wdata = data_q << {dst_q[2:0], 3'b000};
  end

  assign cmd_ready_o = state_q == Idle;
  assign busy_o      = state_q != Idle;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= Idle;
      src_psum_q <= 1'b0;
      src_part_q <= '0;
      dst_part_q <= '0;
      src_q      <= '0;
      dst_q      <= '0;
      left_q     <= '0;
      data_q     <= '0;
    end else begin
      unique case (state_q)
        Idle: begin
          if (cmd_valid_i) begin
            state_q    <= Read;
            src_psum_q <= cmd_i.src_space == tessel_isa_pkg::SpacePsum;
            src_part_q <= cmd_i.src_part;
            dst_part_q <= cmd_i.dst_part;
            src_q      <= cmd_i.src_addr[23:0];
            dst_q      <= cmd_i.dst_addr[23:0];
            left_q     <= cmd_i.bytes;
          end
        end
        Read: begin
          if (mem_gnt_i) begin
            state_q <= Wait;
          end
        end
        Wait: begin
          if (mem_rvalid_i) begin
            state_q <= Write;
            data_q  <= mem_rdata_i >> {src_q[2:0], 3'b000};
          end
        end
        Write: begin
          if (mem_gnt_i) begin
            src_q   <= src_q + 24'(n);
            dst_q   <= dst_q + 24'(n);
            left_q  <= left_q - 24'(n);
            state_q <= left_q == 24'(n) ? Idle : Read;
          end
        end
        default: state_q <= Idle;
      endcase
    end
  end

  // On-chip offsets fit in 24 bits (docs/isa.md); the DRAM-width address bits are unused here.
  logic unused_cmd;
  assign unused_cmd = ^{cmd_i.src_addr[47:24], cmd_i.dst_addr[47:24], cmd_i.dst_space};

endmodule
