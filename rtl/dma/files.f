// The DMA data mover (paths relative to this file). It sits on the SBUF's DMA port: pass
// ../sbuf/files.f as well, after the generated tessel_config_pkg.sv.
dma_row_mover.sv
