// Loads a price table from JSON (the shape of data/prices/*.json), with
// located diagnostics like every other loader.
#pragma once

#include <optional>
#include <string>

#include "model/diagnostics.h"
#include "model/price_table.h"

namespace awssim::load {

std::optional<model::PriceTable> loadPriceTable(const std::string& text, const std::string& file,
                                                model::Diagnostics& diags);

/// The built-in table of a region, or nullopt when awssim ships none.
std::optional<model::PriceTable> builtinPriceTable(const std::string& region);
/// Regions with a built-in table.
std::vector<std::string> builtinPriceRegions();

}  // namespace awssim::load
