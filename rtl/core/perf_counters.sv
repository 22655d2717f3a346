// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Performance counters (docs/registers.md PERF_*): 64-bit, counting from reset or clear_i.
//   cycles      every clock cycle
//   macs        tensor-engine multiply-accumulates (K x M per moving column)
//   dma_bytes   bytes the DMA wrote to their destination
//   busy[e]     cycles engine e was executing an instruction
//   stall[e]    cycles engine e's sequencer held an instruction it could not issue
module perf_counters
  import tessel_isa_pkg::*;
#(
  parameter int unsigned MacsW  = 16,
  parameter int unsigned BytesW = 8
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       clear_i,
  input  logic [MacsW-1:0]           macs_i,
  input  logic [BytesW-1:0]          dma_bytes_i,
  input  logic [NumEngines-1:0]      busy_i,
  input  logic [NumEngines-1:0]      stall_i,
  output logic [63:0]                cycles_o,
  output logic [63:0]                macs_o,
  output logic [63:0]                dma_bytes_o,
  output logic [NumEngines-1:0][63:0] busy_o,
  output logic [NumEngines-1:0][63:0] stall_o
);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cycles_o    <= '0;
      macs_o      <= '0;
      dma_bytes_o <= '0;
      busy_o      <= '0;
      stall_o     <= '0;
    end else if (clear_i) begin
      cycles_o    <= '0;
      macs_o      <= '0;
      dma_bytes_o <= '0;
      busy_o      <= '0;
      stall_o     <= '0;
    end else begin
      cycles_o    <= cycles_o + 64'd1;
      macs_o      <= macs_o + 64'(macs_i);
      dma_bytes_o <= dma_bytes_o + 64'(dma_bytes_i);
      for (int unsigned e = 0; e < NumEngines; e++) begin
        busy_o[e]  <= busy_o[e] + 64'(busy_i[e]);
        stall_o[e] <= stall_o[e] + 64'(stall_i[e]);
      end
    end
  end

endmodule
