"""The calibration measurements as cases for serve().

Every row of data/calibration*.csv is one measured figure. Rows of one configuration (the
same GPU, model, precision, engine, parallelism, prompt and answer lengths and concurrency)
become one case holding every figure measured for it, with its layout (tp, dp, ep, pp). A
row the model cannot express yet (a data set instead of fixed lengths, a metric serve() does
not give) is kept out, with the reason, so that the report can count what was left out.

Two kinds of rows are compared but never fitted to (`unseen`): speculative decoding (MTP,
with DeepSeek's published acceptance) and the decode pools of disaggregated deployments.
"""
import csv
import os
import re

FILES = ["calibration.csv", "calibration-blackwell.csv", "calibration-2026.csv"]

# Published hardware names -> stdlib constants.
GPUS = [
    ("RTX PRO 6000", "RTX_PRO_6000"),
    ("GB300", "GB300"),
    ("GB200", "GB200"),
    ("B300", "B300"),
    ("B200", "B200"),
    ("H200", "H200"),
    ("H100", "H100_SXM"),
]

# Model names -> (stdlib constant, family); first match wins.
MODELS = [
    ("DeepSeek-V3.2", None, None),  # DeepSeek Sparse Attention: not the MLA model of the stdlib
    ("Kimi-K2", "Kimi_K2", "Kimi K2"),
    ("DeepSeek", "DeepSeek_R1", "DeepSeek V3/R1"),
    ("Llama-4-Scout", "Llama4_Scout", "Llama 4"),
    ("Llama-4-Maverick", "Llama4_Maverick", "Llama 4"),
    ("405B", "Llama3_405B", "Llama 3 dense"),
    ("3.3-70B", "Llama33_70B", "Llama 3 dense"),
    ("70B", "Llama3_70B", "Llama 3 dense"),
    ("8B", "Llama3_8B", "Llama 3 dense"),
    ("Qwen3-235B", "Qwen3_235B_A22B", "Qwen3 MoE"),
    ("Qwen3-30B", "Qwen3_30B_A3B", "Qwen3 MoE"),
    ("gpt-oss-120b", "GPT_OSS_120B", "gpt-oss"),
    ("gpt-oss-20b", "GPT_OSS_20B", "gpt-oss"),
]

MOE_FAMILIES = {"DeepSeek V3/R1", "Llama 4", "Qwen3 MoE", "gpt-oss", "Kimi K2"}

# metric column -> (figure, how to turn the value into that figure's unit)
METRICS = {
    "mean_tpot_ms": "TPOT",
    "median_tpot_ms": "TPOT",
    "mean_ttft_ms": "TTFT",
    "median_ttft_ms": "TTFT",
    "total_output_tokens_per_s": "throughput",       # whole system
    "output_tokens_per_s_system": "throughput",
    "output_tokens_per_s_per_gpu": "throughput/gpu",
}

UNITS = {"TPOT": "ms", "TTFT": "ms", "throughput": "tok/s/GPU"}


def engine_of(framework):
    f = framework.lower()
    if "vllm" in f:
        return "vLLM"
    if "sglang" in f:
        return "SGLang"
    return "TensorRT-LLM"


def precision_of(p):
    """The stdlib precision of the weights. 4-bit wins: gpt-oss on Hopper is published as
    "FP8 (... MXFP4 ...; W4A16 path)", 4-bit weights multiplied in 16 bits, which is what
    the stdlib's FP4 on a GPU without FP4 units means (its 4.5 bits per weight are NVFP4's;
    MXFP4 takes 4.25)."""
    s = p.lower()
    if "fp4" in s or "mxfp4" in s:
        return "FP4"
    if "fp8" in s:
        return "FP8"
    return "BF16"  # "bf16? (unspecified)": an unquantised checkpoint served in BF16


def gpu_of(hardware):
    for key, const in GPUS:
        if key in hardware:
            return const
    return None


def model_of(name):
    for key, const, family in MODELS:
        if key in name:
            return const, family
    return None, None


def source_of(source):
    """The document a row cites, without the per-row id and the parenthesised detail."""
    s = re.split(r" id=| \(", source)[0]
    return s.strip()


def spec_tokens_of(row):
    """Draft tokens per step of a speculative-decoding row ("MTP ON (3 nextn layers)"), 0 when
    it has none, None when it has some but does not say how many."""
    sc = row["scenario"]
    if not ("MTP ON" in sc or re.search(r"(?<!no )speculative decoding (on|enabled)", sc, re.I)):
        return 0
    m = re.search(r"MTP ON \((\d+) nextn", sc)
    return int(m.group(1)) if m else None


def decode_pool_of(row):
    """(decode GPUs, sequences per decode GPU or None) of a disaggregated row: its figures are
    the decode pool's ("decode 9x8 H100", "decode 48 GPUs", "decode 1 instance x 8 GPUs"),
    the prompts run elsewhere. Every such row published runs attention data-parallel with the
    experts over all of the pool's GPUs."""
    text = row["parallelism"]
    m = (re.search(r"decode (\d+)x(\d+)", text) or re.search(r"decode (?:\d+ instance x )?(\d+) GPUs", text))
    if not m:
        return None, None
    n = int(m.group(1)) * (int(m.group(2)) if m.lastindex == 2 else 1)
    conc = row.get("concurrency") or ""
    # "256 per decode GPU", "1408 per decode rank"; "decode batch 480" is per rank too: 480 in
    # all over 96 GPUs could not make the 3,000 tok/s each GPU measured.
    b = re.search(r"(\d+) per decode (?:GPU|rank)", conc) or re.search(r"decode batch (\d+)", conc)
    return n, int(b.group(1)) if b else None


def parallelism_of(row, moe):
    """({tp, dp, ep, pp}, reason-if-not-expressible) from the row's parallelism or scenario
    text. "DEPn" (and "attention DPn + EPn") is attention data-parallel over n GPUs of one
    tensor-parallel rank each, experts over n; TensorRT-LLM's perf overview runs its MoE
    models "TPn" with attention DP and EP over the n GPUs, the same layout."""
    text = row.get("parallelism") or row["scenario"]
    if text.startswith("disagg"):
        n, _ = decode_pool_of(row)
        if not n:
            return None, "disaggregated, decode pool not stated"
        return {"tp": 1, "dp": n, "ep": n, "pp": 1}, None
    num = lambda pattern: int(m.group(1)) if (m := re.search(pattern, text)) else None
    pp = num(r"\bPP(\d+)") or 1
    dep = num(r"\bDEP(\d+)") or num(r"attention DP(\d+)") or num(r"\bDP(\d+) attention")
    if dep:
        return {"tp": 1, "dp": dep, "ep": num(r"\bEP(\d+)") or dep, "pp": pp}, None
    tp = num(r"\bTP(\d+)")
    if tp and moe and "attention-DP enabled" in text:
        return {"tp": 1, "dp": tp, "ep": tp, "pp": pp}, None
    if tp:
        return {"tp": tp, "dp": 1, "ep": num(r"\bEP(\d+)") or 1, "pp": pp}, None
    if re.fullmatch(r"PP\d+", text.strip()):
        return {"tp": 1, "dp": 1, "ep": 1, "pp": pp}, None
    return None, "parallelism not stated"


def overlapped(row):
    """The run split each step into two overlapped half batches (SGLang's two-batch overlap,
    vLLM's dual-batch overlap), as its text says."""
    t = " ".join(row.get(k) or "" for k in ("framework", "scenario", "parallelism"))
    return bool(re.search(r"\bTBO\b|\bDBO\b|two-batch overlap|dual-batch overlap", t)) and "overlap disabled" not in t


def disaggregated(row):
    return (row.get("parallelism") or "").startswith("disagg")


def lengths_of(row):
    """(prompt, answer) tokens. A disaggregated decode pool's measurement ("decode-phase
    measurement") runs at a context of the prompt's length: one answer token keeps it there."""
    if disaggregated(row) and row["isl"].isdigit() and not row["osl"].isdigit():
        return int(row["isl"]), 1
    if row["isl"].isdigit() and row["osl"].isdigit():
        return int(row["isl"]), int(row["osl"])
    return None, None


def per_user_alone(row):
    """trtllm-bench's per-user output rate at one request at a time: answer tokens over the
    request's latency, 1 / TPOT within the first token's share (under 1% at 2,048 tokens)."""
    return row["metric"] == "tokens_per_s_per_user" and (row.get("concurrency") or "").strip() == "1"


def skip_reason(row):
    if spec_tokens_of(row) is None:
        return "speculative decoding, draft tokens not stated"
    if lengths_of(row) == (None, None):
        return "prompt and answer lengths from a data set"
    if row["metric"] not in METRICS and not per_user_alone(row):
        return f"metric {row['metric']}"
    return None


def load(data_dir):
    """(cases, skipped): cases grouped by configuration; skipped = [(file, line, reason)]."""
    cases = {}
    skipped = []
    for name in FILES:
        path = os.path.join(data_dir, name)
        with open(path, newline="") as f:
            for line, r in enumerate(csv.DictReader(f), start=2):
                gpu = gpu_of(r["hardware"])
                model, family = model_of(r["model"])
                why = skip_reason(r)
                if not why and not gpu:
                    why = f"no stdlib GPU for {r['hardware']}"
                if not why and not model:
                    why = f"no stdlib model for {r['model']}"
                layout = None
                if not why:
                    layout, why = parallelism_of(r, family in MOE_FAMILIES)
                if why:
                    skipped.append((name, line, why))
                    continue
                conc = r.get("concurrency") or ""
                m = re.search(r"concurrency=(\d+)", r["scenario"])
                conc = int(conc) if conc.isdigit() else int(m.group(1)) if m else None
                engine = engine_of(r["framework"])
                precision = precision_of(r["precision"])
                gpus = int(r["gpus"])
                isl, osl = lengths_of(r)
                spec = spec_tokens_of(r)
                disagg = disaggregated(r)
                if disagg:
                    # The figures are the decode pool's: its GPUs, its sequences.
                    gpus, per_gpu = decode_pool_of(r)
                    conc = per_gpu * gpus if per_gpu else None
                key = (name, r["hardware"], r["model"], r["precision"], r["framework"], gpus,
                       tuple(sorted(layout.items())), isl, osl, conc, spec, disagg, source_of(r["source"]))
                overlap = overlapped(r)
                c = cases.setdefault(key, {
                    "file": name, "gpu": gpu, "model": model, "family": family,
                    "precision": precision, "engine": engine, "gpus": gpus, **layout,
                    "isl": isl, "osl": osl, "conc": conc, "spec": spec, "disagg": disagg, "overlap": overlap,
                    "source": source_of(r["source"]), "measured": {}, "lines": []})
                value = float(r["value"])
                if per_user_alone(r):
                    metric, value = "TPOT", 1000 / value
                else:
                    metric = METRICS[r["metric"]]
                if metric == "throughput":
                    metric, value = "throughput/gpu", value / gpus
                elif metric == "throughput/gpu" and disagg and "over all" in r["scenario"]:
                    metric, value = "throughput/gpu", value * int(r["gpus"]) / gpus  # per decode GPU
                # Per-GPU and whole-system rows of one run are one figure.
                c["measured"].setdefault(metric.replace("/gpu", ""), value)
                c["lines"].append(line)
    out = list(cases.values())
    for i, c in enumerate(out):
        c["id"] = i
    return out, skipped


def layout_of(c):
    """The replica's layout as the report writes it: "TP8", "DEP8", "TP8 EP2", "TP1 PP2",
    "TP8 EP2 MTP3" (3 draft tokens), "DEP48 decode" (a disaggregated decode pool), "... overlap"
    (two overlapped half batches)."""
    if c["dp"] > 1 and c["tp"] == 1 and c["ep"] == c["dp"]:
        text = f"DEP{c['dp']}"
    else:
        text = f"TP{c['tp']}" + (f" DP{c['dp']}" if c["dp"] > 1 else "") + (f" EP{c['ep']}" if c["ep"] > 1 else "")
    return (text + (f" PP{c['pp']}" if c["pp"] > 1 else "") + (f" MTP{c['spec']}" if c["spec"] else "")
            + (" decode" if c["disagg"] else "") + (" overlap" if c["overlap"] else ""))


def uses_parallel(c):
    """Expert or attention-data parallelism: the rows of the second fitting stage."""
    return c["ep"] > 1 or c["dp"] > 1


def unseen(c):
    """Rows no constant is fitted to: speculative decoding and disaggregated decode pools."""
    return c["spec"] > 0 or c["disagg"]


def family_name(c):
    """The model family, marked when the layout is not plain tensor parallelism (its rows
    test other physics: all-to-alls, attention data parallelism, pipeline stages, draft
    tokens, a decode pool fed by another)."""
    marks = [m for m, on in (("EP", uses_parallel(c)), ("PP", c["pp"] > 1), ("MTP", c["spec"] > 0),
                             ("disagg", c["disagg"])) if on]
    return c["family"] + (f" ({', '.join(marks)})" if marks else "")


def family_of(c, metric):
    """The report's family: GPU x model family (and layout kind) x engine x precision x metric."""
    return (c["gpu"], family_name(c), c["engine"], c["precision"], metric)


def campaign_of(c):
    """A measurement campaign, the unit held out: one source's runs of one GPU, model family,
    precision and engine, offline or at fixed concurrency."""
    kind = "offline" if c["conc"] is None else "serving"
    return f"{c['gpu']} {family_name(c)} {c['precision']} {c['engine']} {kind} [{c['file']}]"
