//! Errors raised by the engine. Every message names the thing that is wrong
//! and the valid range or names; the binding turns them into JS errors.

use std::fmt;

/// An engine error.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// A name that does not exist; the message lists the valid ones.
    UnknownName(String),
    /// A value outside its valid range; the message quotes the constraint.
    Range(String),
    /// Arguments of the wrong shape or kind.
    Type(String),
    /// The state became NaN or infinite during a run.
    NonFinite(String),
    /// The run was cancelled (AbortSignal).
    Aborted,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownName(s) | Error::Range(s) | Error::Type(s) | Error::NonFinite(s) => f.write_str(s),
            Error::Aborted => f.write_str("The operation was aborted"),
        }
    }
}

impl Error {
    /// The same kind of error with its message rewritten by `f` (an
    /// abort stays an abort).
    pub fn map_message(self, f: impl FnOnce(String) -> String) -> Error {
        match self {
            Error::Range(m) => Error::Range(f(m)),
            Error::Type(m) => Error::Type(f(m)),
            Error::UnknownName(m) => Error::UnknownName(f(m)),
            Error::NonFinite(m) => Error::NonFinite(f(m)),
            Error::Aborted => Error::Aborted,
        }
    }
}

impl std::error::Error for Error {}

/// Result with the engine's error.
pub type Result<T> = std::result::Result<T, Error>;
