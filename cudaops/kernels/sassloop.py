#!/usr/bin/env python3
"""Counts the instructions of a kernel's main loop in SASS, for the static
figures of cudaops/doc.go ("The float32 matmul, statically").

    eval "$(bash .ci/cuda-toolchain.sh)"
    # cuobjdump and nvdisasm are in the toolkit .deb the script caches:
    dpkg-deb --fsys-tarfile ~/.cache/epsilon-cuda/debs/nvidia-cuda-toolkit_*.deb |
        tar -x -C /tmp ./usr/bin/cuobjdump ./usr/bin/nvdisasm
    "$PTXAS" -arch=sm_90 cudaops/ptx/matmul.ptx -o /tmp/matmul.cubin
    PATH=/tmp/usr/bin:$PATH cuobjdump -sass -fun matmul_tiled_f32_nn /tmp/matmul.cubin |
        python3 cudaops/kernels/sassloop.py [--path vec] [--between-bars]

The main loop is the backward branch whose range [target, branch] holds the
most FFMA (or DFMA). Its instructions are counted by class, each once
(static). --path vec leaves out, in each if/else region (BSSY … BRA join …
BSYNC), the side that loads with scalar LDGs and no LDG.128: what one step
executes on the float4 path. --between-bars counts only the instructions
between the loop's first two barriers (a kernel's compute section).
"""
import re, sys, collections
ins = []
pat = re.compile(r"/\*([0-9a-f]{4,})\*/\s+(.*?);")
for line in sys.stdin:
    m = pat.search(line)
    if m:
        ins.append((int(m.group(1), 16), m.group(2).strip()))
def op(t):
    t = re.sub(r"^@!?U?P[T0-9]+\s+", "", t)
    return t.split()[0]
loops = []
for addr, t in ins:
    m = re.search(r"\bBRA\s+(?:`\(\.L_x_\d+\)|0x([0-9a-f]+))", t)
    if m and m.group(1):
        tgt = int(m.group(1), 16)
        if tgt <= addr:
            body = [x for x in ins if tgt <= x[0] <= addr]
            loops.append((sum(op(b).startswith(("FFMA", "DFMA")) for _, b in body), tgt, addr, body))
if not loops:
    sys.exit("no loop")
loops.sort(key=lambda l: (l[0], -(l[2] - l[1])))
n, tgt, end, body = loops[-1]
# --path vec: leave out, in each if/else region (BSSY … BRA join … BSYNC), the
# side that loads with scalar LDGs and no LDG.128 (the scalar path).
if "--between-bars" in sys.argv:
    bars = [j for j, (_, t) in enumerate(body) if op(t).startswith("BAR")]
    body = body[bars[0] + 1:bars[1]]
    print("(the compute section: between the loop's two barriers)")
if "--path" in sys.argv and sys.argv[sys.argv.index("--path") + 1] == "vec":
    keep, i = [], 0
    while i < len(body):
        a, t = body[i]
        m = re.match(r"BSSY\s+B\d+,\s+0x([0-9a-f]+)", op_line := re.sub(r"^@!?U?P[T0-9]+\s+", "", t))
        if m:
            join = int(m.group(1), 16)
            region = [x for x in body if a < x[0] < join]
            br = [j for j, (_, u) in enumerate(region) if re.match(r"BRA\s+0x(%x|%x)\b" % (join, join - 0x10), u)]
            if br:
                sides = [region[:br[0] + 1], region[br[0] + 1:]]
                def scalar(side):
                    return any(op(u).startswith("LDG") and ".128" not in op(u) for _, u in side) and not any(op(u).startswith("LDG") and ".128" in op(u) for _, u in side)
                keep.append(body[i])
                for side in sides:
                    if not scalar(side):
                        keep.extend(side)
                i += 1 + len(region)
                continue
        keep.append(body[i])
        i += 1
    body = keep
c = collections.Counter()
for _, t in body:
    o = op(t)
    if o.startswith(("FFMA", "DFMA")): k = "FMA"
    elif o == "LDS.128": k = "LDS.128"
    elif o.startswith("LDS"): k = "LDS (other widths: " + o + ")"
    elif o.startswith("LDG") and ".128" in o: k = "LDG.128"
    elif o.startswith("LDG"): k = "LDG (scalar: " + o + ")"
    elif o.startswith("STS") and ".128" in o: k = "STS.128"
    elif o.startswith("STS"): k = "STS (scalar)"
    elif o.startswith(("LDL", "STL")): k = "local (spill)"
    elif o.startswith("BAR"): k = "BAR"
    elif o.startswith("BRA"): k = "BRA"
    elif o == "NOP": k = "NOP"
    else: k = "other"
    c[k] += 1
tot = sum(c.values())
print(f"main loop {tgt:#x}..{end:#x}: {tot} instructions" + (" on the float4 path" if "--path" in sys.argv else ""))
for k, v in sorted(c.items(), key=lambda kv: -kv[1]):
    print(f"  {k:32s} {v:5d}  {100 * v / tot:5.1f}%")
print(f"  FMA fraction {100 * c['FMA'] / tot:.1f}% (without NOPs {100 * c['FMA'] / (tot - c['NOP']):.1f}%)")
others = collections.Counter(op(t) for _, t in body if not op(t).startswith(("FFMA", "DFMA", "LDS", "LDG", "STS", "BAR", "BRA", "NOP")))
print("  other:", ", ".join(f"{k} {v}" for k, v in others.most_common()))
