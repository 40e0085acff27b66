#!/usr/bin/python3
"""Writes einsum_numpy.json: NumPy's einsum on a table of cases, the
independent implementation that linalg's einsum tests compare against.

Run from this folder with Debian's NumPy (python3-numpy, 1.24 here):

    /usr/bin/python3 einsum_numpy.py > einsum_numpy.json

Each case has the subscripts, the operands (shape and row-major data,
drawn from a seeded normal generator), NumPy's result (shape and data),
and `scale`: the same einsum of the operands' absolute values, so that a
test can allow rounding relative to the size of the terms summed.
"""
import json

import numpy as np

CASES = [
    # matrix products, with every transpose, implicit and explicit
    ("ik,kj->ij", [(3, 4), (4, 5)]),
    ("ij,jk", [(3, 4), (4, 5)]),
    ("ki,kj->ij", [(4, 3), (4, 5)]),
    ("ik,jk->ij", [(3, 4), (5, 4)]),
    ("ki,jk->ji", [(4, 3), (5, 4)]),
    ("ik,kj->ij", [(12, 16), (16, 10)]),
    ("ij,kj->ik", [(12, 16), (10, 16)]),
    ("ji,jk->ik", [(16, 12), (16, 10)]),
    ("ik,kj->ji", [(12, 16), (16, 10)]),
    ("ji,kj->ki", [(16, 12), (10, 16)]),
    (" ik , kj -> ij ", [(3, 4), (4, 5)]),
    ("Ab,bC->AC", [(3, 4), (4, 2)]),
    # batched
    ("bik,bkj->bij", [(2, 3, 4), (2, 4, 5)]),
    ("bik,bkj->bij", [(3, 10, 12), (3, 12, 8)]),
    ("bik,bjk->bij", [(3, 10, 12), (3, 8, 12)]),
    ("ibk,kbj->bij", [(10, 3, 12), (12, 3, 8)]),
    ("bik,bkj->ijb", [(3, 10, 12), (3, 12, 8)]),
    ("bik,bkj->bji", [(3, 10, 12), (3, 12, 8)]),
    ("abik,abkj->abij", [(2, 3, 10, 12), (2, 3, 12, 9)]),
    # outer, elementwise, dot
    ("i,j->ij", [(3,), (4,)]),
    ("i,j", [(30,), (40,)]),
    ("i,i->i", [(5,), (5,)]),
    ("i,i", [(5,), (5,)]),
    ("ij,ij->ij", [(3, 4), (3, 4)]),
    ("ij,ij->", [(3, 4), (3, 4)]),
    ("bi,bi->b", [(6, 5), (6, 5)]),
    # one operand: trace, diagonal, transpose, sums
    ("ii->", [(4, 4)]),
    ("ii", [(4, 4)]),
    ("ii->i", [(4, 4)]),
    ("iii->i", [(3, 3, 3)]),
    ("iij->ji", [(3, 3, 4)]),
    ("ij->ji", [(3, 4)]),
    ("ijk->kij", [(2, 3, 4)]),
    ("ij->", [(3, 4)]),
    ("ij->j", [(3, 4)]),
    ("ijk->ik", [(2, 3, 4)]),
    ("ij", [(3, 4)]),
    ("ji", [(3, 4)]),
    # repeated indices that no output keeps
    ("ii,jj->", [(3, 3), (4, 4)]),
    ("iij,kjj->ik", [(3, 3, 4), (2, 4, 4)]),
    ("ii,ij->j", [(3, 3), (3, 4)]),
    ("ij,jj,jk->ik", [(3, 4), (4, 4), (4, 2)]),
    # bilinear form and chains of 3, 4, 5 operands
    ("i,ij,j->", [(3,), (3, 4), (4,)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("ij,jk,kl->il", [(12, 16), (16, 4), (4, 10)]),
    ("ij,jk,kl,lm->im", [(2, 3), (3, 4), (4, 5), (5, 2)]),
    ("ab,bc,cd,de,ef->af", [(2, 3), (3, 4), (4, 3), (3, 5), (5, 2)]),
    ("ijk,jl,kl->il", [(2, 3, 4), (3, 5), (4, 5)]),
    ("ij,ik,il->jkl", [(5, 2), (5, 3), (5, 4)]),
    ("abc,cd,db->a", [(2, 3, 4), (4, 5), (5, 3)]),
    # ellipsis broadcasting, size-1 axes included
    ("...ij,...jk->...ik", [(2, 3, 4), (2, 4, 5)]),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("...ij,...jk", [(3, 4), (2, 4, 5)]),
    ("...i,...i", [(4, 1, 3), (5, 3)]),
    ("...i,...i->...", [(4, 1, 3), (5, 3)]),
    ("...ii->...i", [(2, 3, 3)]),
    ("i...->...", [(3, 2, 4)]),
    ("...->...", [(2, 3)]),
    ("ij...,jk...->ik...", [(2, 3, 4), (3, 5, 1)]),
    ("b...,b...->...b", [(3, 2, 2), (3, 2, 2)]),
    ("ij->...ij", [(2, 3)]),
    # size-1 broadcasting of named indices
    ("ij,ij->ij", [(1, 3), (2, 3)]),
    ("i,i", [(3,), (1,)]),
    ("ij,jk->ik", [(2, 1), (3, 4)]),
    # empty operands and scalars
    ("ij,jk->ik", [(0, 3), (3, 4)]),
    ("ij,jk->ik", [(2, 0), (0, 4)]),
    ("ij->", [(0, 3)]),
    ("", [()]),
    ("->", [()]),
    (",i->i", [(), (3,)]),
    (",", [(), ()]),
]


def main():
    rng = np.random.default_rng(12)
    out = []
    for subs, shapes in CASES:
        ops = [rng.standard_normal(s) for s in shapes]
        want = np.einsum(subs, *ops)
        scale = np.einsum(subs, *[np.abs(o) for o in ops])
        out.append({
            "subscripts": subs,
            "operands": [{"shape": list(o.shape), "data": o.ravel().tolist()} for o in ops],
            "want": {"shape": list(np.shape(want)), "data": np.ravel(want).tolist()},
            "scale": np.ravel(scale).tolist(),
        })
    json.dump({"numpy": np.__version__, "cases": out}, __import__("sys").stdout, indent=None)
    print()


main()
