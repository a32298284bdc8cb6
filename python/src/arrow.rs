//! Result tables handed to Python through the Arrow PyCapsule interface
//! (<https://arrow.apache.org/docs/format/CDataInterface/PyCapsuleInterface.html>):
//! an [`ArrowTable`] holds one record batch (`chainlens_arrow::record_batch`) and exports
//! it as an `ArrowArrayStream` (`__arrow_c_stream__`), a struct `ArrowArray`
//! (`__arrow_c_array__`) or its `ArrowSchema` (`__arrow_c_schema__`), which
//! `pyarrow.table()`, `polars.DataFrame()` and other consumers import without copying
//! the buffers.
//!
//! No `unsafe` here: arrow-rs builds the C structs (`FFI_ArrowArrayStream::new`,
//! `ffi::to_ffi`, `FFI_ArrowSchema::try_from`) and PyO3's `PyCapsule::new` boxes each
//! one with the value first, so the capsule's pointer is the struct's address, as the
//! interface asks. The consumer moves the struct out (marking it released); the
//! capsule's destructor drops what is left, and `Drop` of each arrow-rs struct calls its
//! `release` only when the consumer did not.

use arrow_array::ffi::{FFI_ArrowSchema, to_ffi};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{Array, RecordBatch, RecordBatchIterator, StructArray};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use std::ffi::CString;

/// One result table as an Arrow record batch, exported through the PyCapsule interface
/// (the Python layer imports it with `pyarrow.RecordBatchReader.from_stream(t)`).
#[pyclass(frozen, module = "chainlens._chainlens")]
pub struct ArrowTable {
    batch: RecordBatch,
}

impl ArrowTable {
    /// The table of `batch`.
    pub fn new(batch: RecordBatch) -> Self {
        Self { batch }
    }
}

/// A capsule named `name` holding `value`.
fn capsule<'py, T: Send + 'static>(
    py: Python<'py>,
    value: T,
    name: &str,
) -> PyResult<Bound<'py, PyCapsule>> {
    let name = CString::new(name).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    PyCapsule::new(py, value, Some(name))
}

fn arrow_error(e: chainlens_arrow::arrow_schema::ArrowError) -> PyErr {
    PyRuntimeError::new_err(format!("arrow export: {e}"))
}

#[pymethods]
impl ArrowTable {
    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }

    /// The schema as an `arrow_schema` capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema =
            FFI_ArrowSchema::try_from(self.batch.schema_ref().as_ref()).map_err(arrow_error)?;
        capsule(py, schema, "arrow_schema")
    }

    /// The table as an `arrow_array_stream` capsule of one batch. `requested_schema` is
    /// not honoured (the interface lets a producer return its own schema): the types are
    /// always those of the Parquet files.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader = RecordBatchIterator::new([Ok(self.batch.clone())], self.batch.schema());
        capsule(
            py,
            FFI_ArrowArrayStream::new(Box::new(reader)),
            "arrow_array_stream",
        )
    }

    /// The table as a struct array: `(arrow_schema, arrow_array)` capsules.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        let _ = requested_schema;
        let data = StructArray::from(self.batch.clone()).into_data();
        let (array, schema) = to_ffi(&data).map_err(arrow_error)?;
        Ok((
            capsule(py, schema, "arrow_schema")?,
            capsule(py, array, "arrow_array")?,
        ))
    }

    /// The addresses of each column's buffers in the order of pyarrow's
    /// `Array.buffers()` (validity bitmap or `None`, then offsets and values), for the
    /// test that the import shares them.
    fn _buffer_addresses(&self) -> Vec<Vec<Option<usize>>> {
        self.batch
            .columns()
            .iter()
            .map(|column| {
                let data = column.to_data();
                let validity = data.nulls().map(|n| n.buffer().as_ptr() as usize);
                std::iter::once(validity)
                    .chain(data.buffers().iter().map(|b| Some(b.as_ptr() as usize)))
                    .collect()
            })
            .collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "<chainlens._chainlens.ArrowTable {} rows x {} columns>",
            self.batch.num_rows(),
            self.batch.num_columns()
        )
    }
}
