#!/usr/bin/env python3
"""Turns upstream schema sources into the small JSON files vendored here (see README.md).

  vendor.py crd <crd.yaml> <version> <out.json>
      the openAPIV3Schema of one served version of a CustomResourceDefinition
  vendor.py k8s <swagger.json> <out.json> <definition>...
      the named definitions of the Kubernetes OpenAPI document and every definition they refer to

Only a maintainer runs this, when moving to a new operator or Kubernetes version; the test
(deploy/src/test) reads the output and adds the strictness kubeconform adds (no unknown fields).
"""
import json
import sys

import yaml


def crd(source, version, out):
    with open(source) as f:
        doc = next(d for d in yaml.safe_load_all(f) if d and d.get("kind") == "CustomResourceDefinition")
    spec = doc["spec"]
    served = next(v for v in spec["versions"] if v["name"] == version)
    schema = served["schema"]["openAPIV3Schema"]
    schema = {"x-opencredit-source": {"crd": doc["metadata"]["name"], "group": spec["group"],
                                      "kind": spec["names"]["kind"], "version": version}, **schema}
    write(out, schema)


def k8s(source, out, roots):
    with open(source) as f:
        definitions = json.load(f)["definitions"]
    keep, todo = {}, list(roots)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep[name] = definitions[name]
        todo.extend(refs(definitions[name]))
    write(out, {"definitions": dict(sorted(keep.items()))})


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value.rsplit("/", 1)[1]
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def strip_descriptions(node):
    if isinstance(node, dict):
        return {k: strip_descriptions(v) for k, v in node.items() if k != "description" or not isinstance(v, str)}
    if isinstance(node, list):
        return [strip_descriptions(v) for v in node]
    return node


def write(out, schema):
    # descriptions are most of the bytes and none of the checks
    with open(out, "w") as f:
        json.dump(strip_descriptions(schema), f, indent=1, sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    if sys.argv[1] == "crd":
        crd(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "k8s":
        k8s(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)
