//! Benchmarks support for chainlens: [`synthetic`], the deterministic generator of
//! BACI-shaped trade data used for the embedded default dataset and for benchmarks
//! at 11 million rows a year; [`icio`], the synthetic input-output table with real codes
//! of `generate-icio`; [`gravity_panel`], the gravity panel of `generate-gravity`. Every
//! file it writes is named SYNTHETIC.

pub mod gravity_panel;
pub mod icio;
pub mod synthetic;
