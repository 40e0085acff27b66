#!/usr/bin/python3
"""Writes the small .npy files the dataset tests read (Debian python3-numpy):
the same 3×2 points plus a class column in several dtypes and orders."""
import numpy as np

a = np.array([[1.5, -2.0, 0], [3.25, 4.0, 1], [-5.0, 6.5, 1]])
np.save("points_f64.npy", a)
np.save("points_f32.npy", a.astype(np.float32))
np.save("points_fortran.npy", np.asfortranarray(a))
np.save("points_i64.npy", np.array([[1, 2], [3, 4], [5, 6]], dtype=np.int64))
np.save("points_u8.npy", np.array([[1, 2], [3, 4], [5, 6]], dtype=np.uint8))
np.save("points_1d.npy", np.array([1.0, 2.0, 3.0]))
np.save("points_3d.npy", np.zeros((2, 2, 2)))
np.save("points_nan.npy", np.array([[1.0, 2.0], [np.nan, 4.0]]))
np.save("points_str.npy", np.array(["a", "b"]))
np.save("points_bigendian.npy", a.astype(">f8"))
