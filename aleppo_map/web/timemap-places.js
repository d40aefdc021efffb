/* Places and their names, without a browser: the units in their districts (a unit's
 * district, a group's units, the place a claim speaks about, the rows of a district's panel)
 * and finding a unit or a district by any of its spellings. The map's modules use it in the
 * browser, tests/js in Node; it touches no page. The groups are the payload's `groups`
 * (aleppo_map/payload.py: groups_payload). */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./timemap-strings.js"));  // eslint-disable-line no-undef
  } else {
    root.TimeMapPlaces = factory(root.TimeMapStrings);
  }
})(typeof self !== "undefined" ? self : this, function (Strings) {
  "use strict";

  var T = Strings.T;

  // ------------------------------------------------------------ units in districts


  /** Group id -> index in the payload's `groups`, with no prototype. */
  function groupIndex(groups) {
    var index = Object.create(null);
    ((groups && groups.ids) || []).forEach(function (id, g) { index[id] = g; });
    return index;
  }

  /** The district unit `k` is drawn in (an index into `groups`), or -1 when its finest group
   * is a wider one or it has none: a place of its own. */
  function unitDistrict(groups, index, k) {
    if (!groups || !groups.unitDistrict) { return -1; }
    var g = index[groups.unitDistrict[k]];
    return g !== undefined && groups.district[g] ? g : -1;
  }

  /** The units (indices, in the areas' order) inside group `g`, at any depth. */
  function groupUnits(groups, index, g) {
    var id = groups.ids[g], out = [];
    groups.unitDistrict.forEach(function (d, k) {
      for (var seen = 0; d && seen < groups.ids.length; seen++) {
        if (d === id) { out.push(k); return; }
        d = groups.parents[index[d]];
      }
    });
    return out;
  }

  /** The name of the place a claim speaks about, as it reads in a sentence ("the Old City"),
   * when that place is a group and not the unit itself; else null. */
  function claimPlace(groups, index, claim) {
    var g = claim.place === undefined ? undefined : index[claim.place];
    return g === undefined ? null : groups.the[g];
  }

  /** A unit's panel heading: its name and, when it is in a district, the district's name as
   * it reads in a sentence ("al-Farafira \u00b7 the Old City"). */
  function unitHeading(payload, index, k) {
    var g = unitDistrict(payload.groups, index, k);
    return {name: payload.names[k], district: g < 0 ? "" : payload.groups.the[g],
      districtId: g < 0 ? null : payload.groups.ids[g]};
  }

  /** The rows of a district's panel in week `i`: each unit inside, with its holder code. */
  function groupRows(payload, index, g, i) {
    var holders = payload.weeks.holders[i];
    return groupUnits(payload.groups, index, g).map(function (k) {
      return {k: k, id: payload.ids[k], name: payload.names[k], holder: holders.charAt(k)};
    });
  }

  /** "District of 11 areas", for a group in the search list and its panel. */
  function groupSummary(groups, g, count) {
    return Strings.fill(groups.district[g] ? T("District of {n} area|District of {n} areas")
      : T("Wider group of {n} area|Wider group of {n} areas"), {n: count});
  }

  /** What the status line says when group `g` is chosen: "Old City: District of 11 areas". */
  function groupLine(groups, index, g) {
    return groups.names[g] + ": " + groupSummary(groups, g, groupUnits(groups, index, g).length);
  }

  // ------------------------------------------------------------------------ search


  var ARTICLE = /(^| )(?:al|el|as|ash|ad|adh|ar|az|at|ath|an|es|ed|er|ez|et|en) (?=\S)/g;

  /** Mirror of aleppo_map.evidence.spelling_key: case, accents, apostrophes, hyphens and the
   * Arabic article do not matter. */
  function spellingKey(text) {
    var s = String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    s = s.toLowerCase().replace(/[\u064b-\u065f\u0670\u0640]/g, "");
    s = s.replace(/['\u2018\u2019\u02bc\u02bb\u02be\u02bf`\u00b4]/g, "");
    s = s.replace(/[\s\-\u2010-\u2015_/.,;:()[\]"\u201c\u201d\u00ab\u00bb!?]+/g, " ").trim();
    // Twice: "al as-x" drops both articles, as Python's overlapping-free regex does in one pass.
    s = s.replace(ARTICLE, "$1").replace(ARTICLE, "$1");
    return s.trim();
  }

  function searchEntry(index, id, name, nameAr, alt) {
    var spellings = [name, nameAr].concat(alt || []);
    var keys = [];
    spellings.forEach(function (s) {
      var key = spellingKey(s);
      if (key && keys.indexOf(key) < 0) { keys.push(key); }
    });
    return {index: index, id: id, label: name, labelAr: nameAr, keys: keys,
      spellings: spellings, sortKey: spellingKey(name)};
  }

  /** One entry per area, then one per district (`groups`, optional: its `district` flags
   * say which groups are districts): the display label and every key it can be found by. A
   * district's entry has `group: true` and `count`, the number of its units. */
  function searchIndex(ids, names, namesAr, altNames, groups) {
    var entries = ids.map(function (id, k) {
      return searchEntry(k, id, names[k], namesAr[k], altNames[k]);
    });
    if (groups && groups.district) {
      var index = groupIndex(groups);
      groups.ids.forEach(function (id, g) {
        if (!groups.district[g]) { return; }
        var entry = searchEntry(g, id, groups.names[g], groups.namesAr[g], groups.altNames[g]);
        entry.group = true;
        entry.count = groupUnits(groups, index, g).length;
        entries.push(entry);
      });
    }
    return entries;
  }

  /** Areas matching `query`, best first: a whole key, then a key's start, then a word's start,
   * then anywhere. Each result says which spelling matched. */
  function search(index, query, limit) {
    var q = spellingKey(query);
    if (!q) { return []; }
    var hits = [];
    index.forEach(function (entry) {
      var best = 9, matched = null;
      entry.keys.forEach(function (key, j) {
        var rank = key === q ? 0 : key.indexOf(q) === 0 ? 1
          : key.indexOf(" " + q) >= 0 ? 2 : key.indexOf(q) >= 0 ? 3 : 9;
        if (rank < best) { best = rank; matched = j; }
      });
      if (best < 9) {
        var spelling = entry.spellings.filter(function (s) {
          return spellingKey(s) === entry.keys[matched];
        })[0];
        hits.push({entry: entry, rank: best, matched: spelling});
      }
    });
    // On a tie a district comes before its units: "Old City" before "Old Ramouseh".
    hits.sort(function (a, b) {
      return a.rank - b.rank || (b.entry.group ? 1 : 0) - (a.entry.group ? 1 : 0) ||
        a.entry.sortKey.localeCompare(b.entry.sortKey);
    });
    return hits.slice(0, limit || 8);
  }

  /** Where an arrow key moves the active option of a list of `count` (it wraps around). */
  function nextOption(active, count, key) {
    return (active + (key === "ArrowDown" ? 1 : count - 1)) % count;
  }

  /** Under a result, the spelling that matched when it is not the area's label, else null. */
  function searchAlso(hit) {
    return hit.matched && hit.matched !== hit.entry.label
      ? Strings.fill(T("also \u201c{name}\u201d"), {name: hit.matched}) : null;
  }

  return {
    groupIndex: groupIndex,
    unitDistrict: unitDistrict,
    groupUnits: groupUnits,
    claimPlace: claimPlace,
    unitHeading: unitHeading,
    groupRows: groupRows,
    groupSummary: groupSummary,
    groupLine: groupLine,
    spellingKey: spellingKey,
    searchIndex: searchIndex,
    search: search,
    nextOption: nextOption,
    searchAlso: searchAlso
  };
});
