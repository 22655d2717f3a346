// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Types shared by the blocks of the DMA engine (docs/dma.md). Widths are the ISA's (48-bit
// device addresses, 8-bit partitions) or wide enough for the largest configuration (24-bit byte
// counts and word indices); each memory port truncates them to its own size.
package dma_pkg;

  // One DMA_COPY as a channel keeps it: the two operands and what its completion reports.
  typedef struct packed {
    tessel_isa_pkg::ap_t dst;
    tessel_isa_pkg::ap_t src;
    logic [5:0]          signal_sem;
    logic [7:0]          signal_inc;
    logic [47:0]         addr;         // the instruction's address (done_addr, err context)
  } dma_cmd_t;

  // A row: bytes contiguous on both sides, in one partition of each on-chip side.
  typedef struct packed {
    logic [1:0]  src_space;  // tessel_isa_pkg::space_e
    logic [1:0]  dst_space;
    logic [7:0]  src_part;   // on-chip partition (unused for DRAM)
    logic [7:0]  dst_part;
    logic [47:0] src_addr;   // DRAM byte address, or byte offset within the partition
    logic [47:0] dst_addr;
    logic [23:0] bytes;      // 1 .. one partition
  } dma_row_t;

  // One request on an on-chip memory port (SBUF, or PSUM for reads): valid/grant, a 64-bit word
  // of one partition, read data one cycle after the grant.
  typedef struct packed {
    logic        req;
    logic        psum;   // 1: PSUM (reads only), 0: SBUF
    logic        we;
    logic [7:0]  part;
    logic [23:0] word;
    logic [7:0]  be;
    logic [63:0] wdata;
  } dma_mem_req_t;

endpackage
