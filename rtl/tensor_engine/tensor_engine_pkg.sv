// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Types shared by the blocks of the tensor engine (docs/tensor-engine.md).
package tensor_engine_pkg;

  import tessel_fp_pkg::*;

  // A moving-tensor element travelling right along a PE row, one PE per cycle. Every PE of the
  // row multiplies it with the weight of the bank the beat was issued against.
  typedef struct packed {
    logic        valid;
    logic        bank;    // weight bank this beat multiplies with
    pe_operand_t op;
  } mv_token_t;

  // A stationary (weight) element travelling right along a PE row at the same speed as the
  // moving elements, until the PE of its column captures it. Its column tag travels beside it
  // on a separate port because its width depends on the array size.
  typedef struct packed {
    logic        valid;
    logic        bank;    // weight bank to fill
    logic        active;  // row k < K of its tile: multiply; otherwise the PE passes sums through
    pe_operand_t op;
  } wt_token_t;

endpackage
