//! [`Column`]: one column of a table, either owned (a `Vec`) or borrowed from shared
//! bytes (a memory-mapped cache file), read the same way as a slice either way. A
//! borrowed column is copied into a `Vec` the first time it is changed, so opening a
//! cache costs no copy and no decoding, and changing a table never touches the file.
//!
//! The bytes are reinterpreted as values in place, so only [`Plain`] types (the
//! integer ids and `f64`, whose every bit pattern is a value in memory) can be
//! borrowed; their range (a country code up to 999, an HS6 code up to 999,999) is
//! checked once when the column is made.

use crate::{CountryCode, Hs6, Year};
use std::fmt;
use std::ops::{Deref, DerefMut, Range};
use std::sync::Arc;

/// Bytes that outlive every column borrowed from them and never change while
/// shared: a read-only memory map, or a `Vec<u8>`.
pub type SharedBytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

mod sealed {
    pub trait Sealed {}
}

/// A value a column can borrow from raw bytes: a `repr(transparent)` wrapper of an
/// integer or `f64`, stored in native byte order.
///
/// # Safety
/// Every bit pattern of `size_of::<Self>()` bytes must be a value of `Self` in memory
/// (range limits such as [`CountryCode::MAX`] are checked by [`Plain::admits`]).
#[allow(unsafe_code)]
pub unsafe trait Plain: Copy + Send + Sync + 'static + sealed::Sealed {
    /// Whether every value of `values` is in the type's range.
    fn admits(values: &[Self]) -> bool;
}

macro_rules! plain {
    ($type:ty, $values:ident => $check:expr) => {
        impl sealed::Sealed for $type {}
        // SAFETY: a `repr(transparent)` wrapper of an integer, or `f64` itself.
        #[allow(unsafe_code)]
        unsafe impl Plain for $type {
            fn admits($values: &[Self]) -> bool {
                $check
            }
        }
    };
}

plain!(f64, _values => true);
plain!(Year, _values => true);
// A maximum rather than `all`: it does not stop early, so it runs in vector registers.
plain!(Hs6, values => values.iter().fold(0, |max, p| max.max(p.0)) <= Hs6::MAX);
plain!(CountryCode, values => values.iter().fold(0, |max, c| max.max(c.get())) <= CountryCode::MAX);

/// Why bytes could not be borrowed as a column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BorrowError {
    /// The byte range lies outside the bytes or is not a whole number of values.
    Range,
    /// The first byte is not aligned for the value type.
    Alignment,
    /// A value is outside the type's range.
    OutOfRange,
}

impl fmt::Display for BorrowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Range => "column bytes outside the file",
            Self::Alignment => "column not aligned",
            Self::OutOfRange => "a value out of range",
        })
    }
}

impl std::error::Error for BorrowError {}

/// One column: a `Vec<T>` or values borrowed from [`SharedBytes`]; reads as `[T]`.
#[derive(Clone)]
pub struct Column<T: Copy> {
    storage: Storage<T>,
}

#[derive(Clone)]
enum Storage<T> {
    Owned(Vec<T>),
    /// `len` values from `first`, inside `bytes` (kept alive here); made only by
    /// [`Column::borrow`]. The pointer is taken once: reading a value then costs what
    /// reading a slice does (no call through `bytes` per access).
    Borrowed {
        _bytes: SharedBytes,
        first: *const T,
        len: usize,
    },
}

// SAFETY: a borrowed column only reads its bytes, which are `Send + Sync` and never
// change (`SharedBytes`); the raw pointer is the one thing that stops the automatic
// implementations, and it points into those bytes.
#[allow(unsafe_code)]
unsafe impl<T: Send + Sync> Send for Storage<T> {}
#[allow(unsafe_code)]
unsafe impl<T: Send + Sync> Sync for Storage<T> {}

impl<T: Plain> Column<T> {
    /// Borrows `range` of `bytes` as values of `T`, after checking bounds, alignment
    /// and that every value is in range.
    pub fn borrow(bytes: SharedBytes, range: Range<usize>) -> Result<Self, BorrowError> {
        let all = (*bytes).as_ref();
        let size = std::mem::size_of::<T>();
        if range.start > range.end || range.end > all.len() || !range.len().is_multiple_of(size) {
            return Err(BorrowError::Range);
        }
        if !(all[range.start..].as_ptr() as usize).is_multiple_of(std::mem::align_of::<T>()) {
            return Err(BorrowError::Alignment);
        }
        let values = &all[range.clone()];
        let (first, len) = (values.as_ptr().cast::<T>(), values.len() / size);
        let column = Self {
            storage: Storage::Borrowed {
                _bytes: bytes,
                first,
                len,
            },
        };
        if T::admits(&column) {
            Ok(column)
        } else {
            Err(BorrowError::OutOfRange)
        }
    }
}

impl<T: Copy> Column<T> {
    /// Whether the values are borrowed (not yet copied into a `Vec`).
    #[inline]
    pub fn is_borrowed(&self) -> bool {
        matches!(self.storage, Storage::Borrowed { .. })
    }

    /// The values as a `Vec`, copied first if they are borrowed.
    #[inline]
    pub fn to_mut(&mut self) -> &mut Vec<T> {
        if self.is_borrowed() {
            self.copy_borrowed();
        }
        match &mut self.storage {
            Storage::Owned(values) => values,
            Storage::Borrowed { .. } => unreachable!("copied just above"),
        }
    }

    /// Replaces borrowed values by an owned copy (once per column at most).
    #[cold]
    fn copy_borrowed(&mut self) {
        self.storage = Storage::Owned(self.as_slice().to_vec());
    }

    /// The values as a `Vec` (a copy when borrowed).
    pub fn into_vec(self) -> Vec<T> {
        match self.storage {
            Storage::Owned(values) => values,
            Storage::Borrowed { .. } => self.as_slice().to_vec(),
        }
    }

    /// The values as a slice.
    #[inline]
    pub fn as_slice(&self) -> &[T] {
        match &self.storage {
            Storage::Owned(values) => values,
            Storage::Borrowed { first, len, .. } => {
                // SAFETY: `borrow` checked that the `len` values from `first` lie inside
                // the bytes and are aligned for `T`; the bytes never move or change (they
                // sit behind the `Arc` this column holds), and `T: Plain` makes every bit
                // pattern a value. Only `borrow` makes a borrowed column.
                #[allow(unsafe_code)]
                unsafe {
                    std::slice::from_raw_parts(*first, *len)
                }
            }
        }
    }

    /// Appends one value.
    #[inline]
    pub fn push(&mut self, value: T) {
        self.to_mut().push(value);
    }

    /// Reserves room for `additional` more values.
    pub fn reserve(&mut self, additional: usize) {
        self.to_mut().reserve(additional);
    }

    /// Keeps the first `len` values.
    pub fn truncate(&mut self, len: usize) {
        if len < self.len() {
            self.to_mut().truncate(len);
        }
    }

    /// Moves every value of `other` to the end of this column.
    pub fn append(&mut self, other: &mut Column<T>) {
        match &mut other.storage {
            Storage::Owned(values) => self.to_mut().append(values),
            Storage::Borrowed { .. } => {
                self.to_mut().extend_from_slice(other.as_slice());
                *other = Self::default();
            }
        }
    }
}

impl<T: Copy> Default for Column<T> {
    fn default() -> Self {
        Vec::new().into()
    }
}

impl<T: Copy> From<Vec<T>> for Column<T> {
    fn from(values: Vec<T>) -> Self {
        Self {
            storage: Storage::Owned(values),
        }
    }
}

impl<T: Copy> FromIterator<T> for Column<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Vec::from_iter(iter).into()
    }
}

impl<T: Copy> Extend<T> for Column<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.to_mut().extend(iter);
    }
}

impl<T: Copy> Deref for Column<T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Copy> DerefMut for Column<T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [T] {
        self.to_mut()
    }
}

impl<'a, T: Copy> IntoIterator for &'a Column<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<T: Copy + fmt::Debug> fmt::Debug for Column<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_slice().fmt(f)
    }
}

impl<T: Copy + PartialEq> PartialEq for Column<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + PartialEq> PartialEq<Vec<T>> for Column<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + PartialEq> PartialEq<[T]> for Column<T> {
    fn eq(&self, other: &[T]) -> bool {
        self.as_slice() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(bytes: Vec<u8>) -> SharedBytes {
        Arc::new(bytes)
    }

    fn bytes_of(values: &[u16]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_ne_bytes()).collect()
    }

    #[test]
    fn borrowed_values_read_like_a_slice_and_copy_on_change() {
        let bytes = shared(bytes_of(&[4, 8, 999]));
        let mut codes = Column::<CountryCode>::borrow(bytes.clone(), 0..6).unwrap();
        assert!(codes.is_borrowed());
        assert_eq!(
            codes,
            vec![
                CountryCode::new(4).unwrap(),
                CountryCode::new(8).unwrap(),
                CountryCode::new(999).unwrap()
            ]
        );
        codes[0] = CountryCode::new(12).unwrap();
        assert!(!codes.is_borrowed());
        assert_eq!(
            codes[..2],
            [CountryCode::new(12).unwrap(), CountryCode::new(8).unwrap()]
        );
        let again = Column::<CountryCode>::borrow(bytes, 2..4).unwrap();
        assert_eq!(
            again,
            vec![CountryCode::new(8).unwrap()],
            "the bytes are unchanged"
        );
    }

    #[test]
    fn bad_bytes_are_refused() {
        let bytes = shared(bytes_of(&[4, 1000]));
        let borrow = |range| Column::<CountryCode>::borrow(bytes.clone(), range).err();
        assert_eq!(borrow(0..4), Some(BorrowError::OutOfRange), "1000 > 999");
        assert_eq!(borrow(0..3), Some(BorrowError::Range), "half a value");
        assert_eq!(borrow(2..6), Some(BorrowError::Range), "past the end");
        assert_eq!(borrow(0..2), None);
        let odd = shared(vec![0; 5]);
        let misaligned = Column::<CountryCode>::borrow(odd.clone(), 1..3).err();
        let aligned = Column::<CountryCode>::borrow(odd, 0..2).err();
        // A Vec<u8>'s buffer is at least 2-aligned on every allocator Rust supports.
        assert_eq!((misaligned, aligned), (Some(BorrowError::Alignment), None));
    }

    #[test]
    fn truncate_and_append_work_on_borrowed_columns() {
        let bytes = shared(bytes_of(&[1, 2, 3]));
        let mut a = Column::<CountryCode>::borrow(bytes.clone(), 0..6).unwrap();
        let mut b = Column::<CountryCode>::borrow(bytes, 0..4).unwrap();
        a.truncate(5);
        assert!(a.is_borrowed(), "truncating past the end changes nothing");
        a.truncate(1);
        a.append(&mut b);
        let codes = [1, 1, 2].map(|c| CountryCode::new(c).unwrap());
        assert_eq!(a.into_vec(), codes.to_vec());
        assert!(b.is_empty());
    }
}
