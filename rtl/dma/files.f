// The DMA engine (paths relative to this file). Needs, before it: the generated
// tessel_config_pkg.sv, ../axi/files.f (tessel_axi_pkg, axi_rr_pick), ../isa/tessel_isa_pkg.sv,
// and ../sbuf/files.f for test tops that instantiate the SBUF.
dma_pkg.sv
dma_fifo.sv
dma_ap_iter.sv
dma_walker.sv
dma_onchip_copy.sv
dma_port_arb.sv
dma_row_mover.sv
dma_channel.sv
dma_engine.sv
