// What leaves awssim is safe to show: secrets are masked and control
// characters escaped in every format, on stdout, stderr and in report files.
// Masked: values of settings whose names say they are secret (PASSWORD,
// SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, CREDENTIALS), the
// credentials of an Authorization header and of a bearer token, the password
// of a URL (scheme://user:password@host) and of `curl -u user:password`;
// each by **** whatever its length.
#pragma once

#include <string>

namespace awssim::reports {

std::string redact(const std::string& text);

/// redact, then model::escapeControls: the one filter every output passes.
std::string safeOutput(const std::string& text);

}  // namespace awssim::reports
