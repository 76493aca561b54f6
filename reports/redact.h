// Secrets never leave awssim in a report: values of settings whose names say
// they are secret (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY,
// CREDENTIALS) and bearer tokens are replaced by ****, in every format.
#pragma once

#include <string>

namespace awssim::reports {

std::string redact(const std::string& text);

}  // namespace awssim::reports
