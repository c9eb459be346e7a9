"""The calibration measurements as cases for serve().

Every row of data/calibration*.csv is one measured figure. Rows of one configuration (the
same GPU, model, precision, engine, parallelism, prompt and answer lengths and concurrency)
become one case holding every figure measured for it. A row the model cannot express yet
(expert or attention data parallelism, pipeline stages, disaggregated prefill, speculative
decoding, a data set instead of fixed lengths) is kept out, with the reason, so that the
report can count what was left out.
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


def parallelism_of(row, moe):
    """(tp, reason-if-not-expressible) from the row's parallelism or scenario text."""
    text = row.get("parallelism") or row["scenario"]
    if "disagg" in text.lower() or "disagg" in row["scenario"].lower():
        return None, "disaggregated prefill and decode"
    if re.search(r"\bDEP\d|\bEP\d|attention DP", text):
        return None, "expert or attention-data parallelism"
    if "MoE: EP" in text and moe:
        return None, "expert or attention-data parallelism"
    pp = re.search(r"\bPP(\d+)", text)
    if pp and int(pp.group(1)) > 1:
        return None, "pipeline parallelism"
    tp = re.search(r"\bTP(\d+)", text)
    if not tp:
        return None, "parallelism not stated"
    return int(tp.group(1)), None


def skip_reason(row):
    sc = row["scenario"]
    if "MTP ON" in sc or re.search(r"(?<!no )speculative decoding (on|enabled)", sc, re.I):
        return "speculative decoding (MTP)"
    if not (row["isl"].isdigit() and row["osl"].isdigit()):
        return "prompt and answer lengths from a data set"
    if row["metric"] not in METRICS:
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
                tp = None
                if not why:
                    tp, why = parallelism_of(r, family in MOE_FAMILIES)
                if why:
                    skipped.append((name, line, why))
                    continue
                conc = r.get("concurrency") or ""
                m = re.search(r"concurrency=(\d+)", r["scenario"])
                conc = int(conc) if conc.isdigit() else int(m.group(1)) if m else None
                engine = engine_of(r["framework"])
                precision = precision_of(r["precision"])
                gpus = int(r["gpus"])
                key = (name, r["hardware"], r["model"], r["precision"], r["framework"], gpus, tp,
                       int(r["isl"]), int(r["osl"]), conc, source_of(r["source"]))
                c = cases.setdefault(key, {
                    "file": name, "gpu": gpu, "model": model, "family": family,
                    "precision": precision, "engine": engine, "gpus": gpus, "tp": tp,
                    "isl": int(r["isl"]), "osl": int(r["osl"]), "conc": conc,
                    "source": source_of(r["source"]), "measured": {}, "lines": []})
                metric = METRICS[r["metric"]]
                value = float(r["value"])
                if metric == "throughput":
                    metric, value = "throughput/gpu", value / gpus
                # Per-GPU and whole-system rows of one run are one figure.
                c["measured"].setdefault(metric.replace("/gpu", ""), value)
                c["lines"].append(line)
    out = list(cases.values())
    for i, c in enumerate(out):
        c["id"] = i
    return out, skipped


def family_of(c, metric):
    """The report's family: GPU x model family x engine x precision x metric."""
    return (c["gpu"], c["family"], c["engine"], c["precision"], metric)


def campaign_of(c):
    """A measurement campaign, the unit held out: one source's runs of one GPU, model family,
    precision and engine, offline or at fixed concurrency."""
    kind = "offline" if c["conc"] is None else "serving"
    return f"{c['gpu']} {c['family']} {c['precision']} {c['engine']} {kind} [{c['file']}]"
