//! Small building blocks of the screens.

pub mod text_field;
