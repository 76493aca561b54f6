#include "model/load/manifest_loaders.h"

#include <fmt/format.h>

#include <re2/re2.h>

#include <sstream>

#include "model/load/yaml_reader.h"
#include "model/net.h"
#include "model/text.h"

namespace awssim::load {

using namespace model;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    out.push_back(l);
  }
  return out;
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t");
  return s.substr(a, b - a + 1);
}

}  // namespace

// ---- .env ------------------------------------------------------------------

EnvFile parseEnvFile(const std::string& text, const std::string& file, Diagnostics& diags, int firstLine) {
  EnvFile env;
  env.file = file;
  if (auto bad = invalidUtf8At(text, file)) {
    bad->line += firstLine - 1;
    diags.error(*bad, "the file is not valid UTF-8 here");
    return env;
  }
  static const RE2 key(R"([A-Za-z_][A-Za-z0-9_.]*)");
  auto all = lines(text);
  for (size_t i = 0; i < all.size(); ++i) {
    int lineNo = firstLine + static_cast<int>(i);
    std::string l = trim(all[i]);
    if (l.empty() || l[0] == '#') continue;
    if (l.rfind("export ", 0) == 0) l = trim(l.substr(7));
    size_t eq = l.find('=');
    if (eq == std::string::npos || !RE2::FullMatch(trim(l.substr(0, eq)), key)) {
      // The line is not echoed: a value without its name is still a secret.
      diags.error({file, lineNo, 1}, "this line is not KEY=value (a name of letters, digits, '_' and '.', then '=')");
      continue;
    }
    std::string name = trim(l.substr(0, eq));
    std::string raw = l.substr(eq + 1);
    size_t lead = raw.find_first_not_of(" \t");
    int col = static_cast<int>(all[i].find(name)) + 1;
    std::string value;
    if (lead != std::string::npos && (raw[lead] == '"' || raw[lead] == '\'')) {
      char q = raw[lead];
      size_t j = lead + 1;
      bool closed = false;
      for (; j < raw.size(); ++j) {
        char c = raw[j];
        if (c == q) {
          closed = true;
          break;
        }
        if (q == '"' && c == '\\' && j + 1 < raw.size()) {
          char n = raw[++j];
          value += n == 'n' ? '\n' : n == 't' ? '\t' : n;
        } else {
          value += c;
        }
      }
      if (!closed) diags.error({file, lineNo, col}, fmt::format("{}: the quoted value is not closed", name));
    } else {
      // An unquoted value ends at a comment that follows whitespace.
      size_t hash = raw.find(" #");
      value = trim(hash == std::string::npos ? raw : raw.substr(0, hash));
    }
    env.vars.push_back({{file, lineNo, col}, name, value});
  }
  return env;
}

// ---- docker-compose ------------------------------------------------------------

namespace {

/// "8000-8010" or "6379" -> (from, to)
bool portSpec(const std::string& s, int& from, int& to) {
  static const RE2 re(R"((\d{1,5})(?:-(\d{1,5}))?)");
  std::string a, b;
  if (!RE2::FullMatch(s, re, &a, &b)) return false;
  from = model::parseInt(a).value_or(0);
  to = b.empty() ? from : model::parseInt(b).value_or(0);
  return from <= to && to <= 65535;
}

}  // namespace

std::optional<ComposeFile> parseComposeFile(const std::string& text, const std::string& file, Diagnostics& diags,
                                            int firstLine) {
  Diagnostics local;
  auto doc = parseYaml(text, file, local);
  // Shift positions when the file is the body of a heredoc in a script.
  auto shift = [&](Location l) {
    if (l.line > 0) l.line += firstLine - 1;
    return l;
  };
  for (const auto& d : local.all()) diags.error(shift(d.loc), d.message);
  if (!doc) return std::nullopt;
  Diagnostics found;
  YamlReader r(file, found);
  ComposeFile cf;
  cf.file = file;
  YAML::Node services = YamlReader::get(*doc, "services");
  if (!doc->IsMap() || !services.IsDefined()) {
    diags.error(shift(r.loc(*doc)), "a compose file needs a 'services' mapping");
    return std::nullopt;
  }
  r.forEachNamed(services, "services", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("compose service '{}'", name);
    ComposeService s;
    s.name = name;
    s.loc = shift(r.loc(key));
    if (!r.isMap(v, what)) return;
    s.image = r.str(v, "image", what).value_or("");
    s.network_mode = r.str(v, "network_mode", what).value_or("");
    YAML::Node ports = YamlReader::get(v, "ports");
    if (ports.IsDefined() && r.isSeq(ports, what + " ports"))
      for (const auto& p : ports) {
        ComposePort cp;
        cp.loc = shift(r.loc(p));
        if (p.IsMap()) {
          if (auto t = r.integer(p, "target", what + " port", 1, 65535)) cp.container_from = cp.container_to = static_cast<int>(*t);
          if (auto pub = r.str(p, "published", what + " port"))
            if (!portSpec(*pub, cp.host_from, cp.host_to)) r.error(p, fmt::format("{} port: published '{}' is not a port or range", what, *pub));
          cp.protocol = r.str(p, "protocol", what + " port").value_or("tcp");
          cp.host_ip = r.str(p, "host_ip", what + " port").value_or("");
        } else if (p.IsScalar()) {
          std::string spec = p.Scalar();
          if (auto slash = spec.find('/'); slash != std::string::npos) {
            cp.protocol = spec.substr(slash + 1);
            spec = spec.substr(0, slash);
          }
          std::vector<std::string> parts;
          std::stringstream ss(spec);
          std::string part;
          while (std::getline(ss, part, ':')) parts.push_back(part);
          bool ok = !parts.empty() && parts.size() <= 3 &&
                    portSpec(parts.back(), cp.container_from, cp.container_to);
          if (ok && parts.size() >= 2) ok = portSpec(parts[parts.size() - 2], cp.host_from, cp.host_to);
          if (parts.size() == 3) cp.host_ip = parts[0];
          if (!ok) {
            r.error(p, fmt::format("{} port '{}' must read [HOST_IP:][HOST:]CONTAINER[/PROTOCOL]", what, p.Scalar()));
            continue;
          }
        }
        s.ports.push_back(cp);
      }
    YAML::Node env = YamlReader::get(v, "environment");
    if (env.IsSequence()) {
      for (const auto& e : env)
        if (e.IsScalar()) {
          std::string kv = e.Scalar();
          size_t eq = kv.find('=');
          s.environment.push_back({shift(r.loc(e)), kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1)});
        }
    } else if (env.IsMap()) {
      for (auto it = env.begin(); it != env.end(); ++it)
        s.environment.push_back({shift(r.loc(it->first)), it->first.Scalar(), it->second.IsScalar() ? it->second.Scalar() : ""});
    }
    YAML::Node ef = YamlReader::get(v, "env_file");
    if (ef.IsScalar()) s.env_files.push_back(ef.Scalar());
    else if (ef.IsSequence())
      for (const auto& e : ef) {
        if (e.IsScalar()) s.env_files.push_back(e.Scalar());
        else if (e.IsMap() && YamlReader::get(e, "path").IsScalar()) s.env_files.push_back(YamlReader::get(e, "path").Scalar());
      }
    YAML::Node vols = YamlReader::get(v, "volumes");
    if (vols.IsSequence())
      for (const auto& vol : vols) {
        ComposeVolume cv;
        cv.loc = shift(r.loc(vol));
        if (vol.IsScalar()) {
          std::string spec = vol.Scalar();
          size_t c = spec.find(':');
          cv.source = c == std::string::npos ? "" : spec.substr(0, c);
          std::string rest = c == std::string::npos ? spec : spec.substr(c + 1);
          cv.target = rest.substr(0, rest.find(':'));
        } else if (vol.IsMap()) {
          cv.source = r.str(vol, "source", what + " volume").value_or("");
          cv.target = r.str(vol, "target", what + " volume").value_or("");
        }
        cv.bind = !cv.source.empty() && (cv.source[0] == '/' || cv.source[0] == '.' || cv.source[0] == '~');
        s.volumes.push_back(cv);
      }
    YAML::Node deps = YamlReader::get(v, "depends_on");
    if (deps.IsSequence())
      for (const auto& d : deps) {
        if (d.IsScalar()) s.depends_on.push_back(d.Scalar());
      }
    else if (deps.IsMap())
      for (auto it = deps.begin(); it != deps.end(); ++it) s.depends_on.push_back(it->first.Scalar());
    cf.services.push_back(std::move(s));
  });
  for (const auto& d : found.all()) diags.error(shift(d.loc), d.message);
  return cf;
}

// ---- user-data -----------------------------------------------------------------

namespace {

std::string firstMatch(const std::string& text, const RE2& re, int group = 1) {
  re2::StringPiece m[3];
  if (group > 2 || !re.Match(text, 0, text.size(), RE2::UNANCHORED, m, group + 1)) return "";
  return std::string(m[group]);
}

void classify(const std::string& segment, const Location& loc, UserData& ud) {
  std::string t = trim(segment);
  if (t.empty()) return;
  static const RE2 s3(R"(aws\s+s3\s+(cp|sync|mv)\b)");
  static const RE2 s3uri(R"((s3://[^\s"']+))");
  static const RE2 pull(R"(docker\s+pull\s+([^\s"']+))");
  static const RE2 ecrLogin(R"(aws\s+ecr\s+get-login-password)");
  static const RE2 ec2(R"(aws\s+ec2\s+([a-z-]+))");
  static const RE2 ssm(R"(aws\s+ssm\s+get-parameters?(?:-by-path)?\b)");
  static const RE2 ssmName(R"(--(?:name|names|path)[=\s]+["']?([^\s"']+))");
  static const RE2 secrets(R"(aws\s+secretsmanager\s+get-secret-value\b)");
  static const RE2 secretId(R"(--secret-id[=\s]+["']?([^\s"']+))");
  static const RE2 imds(R"(169\.254\.169\.254/latest/([^\s"')]*))");
  static const RE2 put(R"((-X\s*PUT|--request\s+PUT))");
  static const RE2 systemctl(R"(systemctl\s+(enable|start|restart)\s+(?:--now\s+)?([^\s;&|]+))");
  ShellCommand c{loc, "other", t, "", false};
  if (RE2::PartialMatch(t, s3)) {
    c.kind = "s3-copy";
    c.arg = firstMatch(t, s3uri);
  } else if (RE2::PartialMatch(t, pull)) {
    c.kind = "docker-pull";
    c.arg = firstMatch(t, pull);
  } else if (RE2::PartialMatch(t, ecrLogin)) {
    c.kind = "ecr-login";
  } else if (RE2::PartialMatch(t, ec2)) {
    c.kind = "ec2-api";
    c.arg = firstMatch(t, ec2);
  } else if (RE2::PartialMatch(t, ssm)) {
    c.kind = "ssm-get";
    c.arg = firstMatch(t, ssmName);
  } else if (RE2::PartialMatch(t, secrets)) {
    c.kind = "secrets-get";
    c.arg = firstMatch(t, secretId);
  } else if (RE2::PartialMatch(t, imds)) {
    c.kind = "imds";
    c.arg = firstMatch(t, imds);
    c.imds_token = c.arg == "api/token" && RE2::PartialMatch(t, put);
  } else if (RE2::PartialMatch(t, systemctl)) {
    c.kind = "systemctl";
    c.arg = firstMatch(t, systemctl, 2);
  }
  ud.commands.push_back(std::move(c));
}

/// Splits a command line at &&, || and ; outside quotes.
std::vector<std::string> segments(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
      cur += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      cur += c;
    } else if (c == ';' || ((c == '&' || c == '|') && i + 1 < line.size() && line[i + 1] == c)) {
      out.push_back(cur);
      cur.clear();
      if (c != ';') ++i;
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

}  // namespace

UserData parseUserData(const std::string& text, const std::string& file) {
  UserData ud;
  ud.file = file;
  auto all = lines(text);
  // The delimiter bare, or in matching quotes.
  static const RE2 heredoc(R"re(<<(-?)\s*(?:'([A-Za-z_]\w*)'|"([A-Za-z_]\w*)"|([A-Za-z_]\w*)))re");
  static const RE2 redirect(R"(>>?\s*([^\s<>|;&]+))");
  static const RE2 tee(R"(\btee\s+(?:-a\s+)?([^\s<>|;&]+))");
  for (size_t i = 0; i < all.size(); ++i) {
    int lineNo = static_cast<int>(i) + 1;
    std::string l = all[i];
    std::string t = trim(l);
    if (t.empty() || t[0] == '#') continue;
    // Continuation lines: a trailing backslash joins the next line.
    while (!l.empty() && l.back() == '\\' && i + 1 < all.size()) {
      l.pop_back();
      l += " " + trim(all[++i]);
    }
    Location loc{file, lineNo, static_cast<int>(l.find_first_not_of(" \t")) + 1};
    re2::StringPiece m[5];
    if (heredoc.Match(l, 0, l.size(), RE2::UNANCHORED, m, 5)) {
      bool dash = !m[1].empty();
      std::string delim(!m[2].empty() ? m[2] : !m[3].empty() ? m[3] : m[4]);
      // The file a heredoc writes: "cat > f <<EOF", "cat <<EOF > f", "tee f <<EOF".
      size_t at = static_cast<size_t>(m[0].data() - l.data());
      std::string before = l.substr(0, at), after = l.substr(at + m[0].size());
      std::string path = firstMatch(before, redirect);
      if (path.empty()) path = firstMatch(after, redirect);
      if (path.empty()) path = firstMatch(before, tee);
      WrittenFile wf{{file, lineNo + 1, 1}, path, ""};
      size_t j = i + 1;
      for (; j < all.size(); ++j) {
        std::string body = all[j];
        if ((dash ? trim(body) : body) == delim) break;
        if (dash) body.erase(0, body.find_first_not_of('\t'));
        wf.content += body + "\n";
      }
      // Commands chained before the writer (`mkdir -p d && cat > d/f <<EOF`)
      // still run; the writer itself is the written file.
      auto segs = segments(before);
      for (size_t k = 0; k + 1 < segs.size(); ++k) classify(segs[k], loc, ud);
      if (!path.empty()) ud.files.push_back(std::move(wf));
      i = j;
      continue;
    }
    for (const auto& seg : segments(l)) classify(seg, loc, ud);
  }
  return ud;
}

// ---- application configs -----------------------------------------------------------

namespace {

void collect(const YAML::Node& n, const std::string& prefix, const YamlReader& r, AppConfig& out) {
  if (n.IsMap()) {
    for (auto it = n.begin(); it != n.end(); ++it) {
      std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
      collect(it->second, prefix.empty() ? key : prefix + "." + key, r, out);
    }
  } else if (n.IsSequence()) {
    size_t i = 0;
    for (const auto& item : n) collect(item, fmt::format("{}[{}]", prefix, i++), r, out);
  } else if (n.IsScalar() && n.Scalar().find("${") != std::string::npos) {
    out.values.push_back({r.loc(n), prefix, n.Scalar()});
  }
}

}  // namespace

std::optional<AppConfig> parseAppConfig(const std::string& text, const std::string& file, Diagnostics& diags) {
  auto doc = parseYaml(text, file, diags);
  if (!doc) return std::nullopt;
  AppConfig cfg;
  cfg.file = file;
  YamlReader r(file, diags);
  collect(*doc, "", r, cfg);
  return cfg;
}

void readWrittenManifests(model::Manifests& m, model::Diagnostics& diags) {
  if (!m.user_data) return;
  for (const auto& wf : m.user_data->files) {
    size_t slash = wf.path.rfind('/');
    std::string base = slash == std::string::npos ? wf.path : wf.path.substr(slash + 1);
    if (base.find("compose") != std::string::npos && (base.ends_with(".yaml") || base.ends_with(".yml"))) {
      if (auto c = parseComposeFile(wf.content, m.user_data->file, diags, wf.loc.line)) m.compose.push_back(std::move(*c));
    } else if (base == ".env" || base.ends_with(".env")) {
      m.env_files.push_back(parseEnvFile(wf.content, m.user_data->file, diags, wf.loc.line));
    }
  }
}

void readUserData(const std::string& text, const std::string& file, int firstLine, model::Manifests& m,
                  model::Diagnostics& diags) {
  if (auto bad = invalidUtf8At(text, file)) {
    bad->line += firstLine - 1;
    diags.error(*bad, "the user data is not valid UTF-8 here");
    return;
  }
  m.user_data = parseUserData(text, file);
  for (auto& c : m.user_data->commands) c.loc.line += firstLine - 1;
  for (auto& f : m.user_data->files) f.loc.line += firstLine - 1;
  readWrittenManifests(m, diags);
}

}  // namespace awssim::load
