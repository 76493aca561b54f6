// CloudFormation and CDK as input. A template (YAML with the short tags
// !Ref, !GetAtt, !Sub ..., or JSON) or a `cdk.out` folder is evaluated
// offline (parameters, conditions, mappings, intrinsic functions, nested
// stacks, exports) and its resources are built into the model, named by
// logical ID (`Parent/Child` inside nested stacks), each located at the
// template's line:col. IDs that exist only after deployment are deterministic
// placeholders derived from the logical ID. The one validator then checks
// the model as it checks stack.yaml.
//
// A stack.yaml can name templates in its `cloudformation:` section: the
// templates' resources join the stack's own (an existing network they deploy
// into), and the stack.yaml supplies what a template cannot say
// (expectations, suppressions, scopes, usage, budget, manifests).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/diagnostics.h"
#include "model/file_source.h"
#include "model/load/stack_loader.h"
#include "model/stack.h"

namespace awssim::load {

/// One template to load and how.
struct CfnTemplate {
  std::string path;        // a template file or a cdk.out folder
  std::string stack_name;  // AWS::StackName; "" = the file's base name
  std::map<std::string, std::string> parameters;
  std::string parameters_file;  // the AWS CLI's [{ParameterKey, ParameterValue}] shape
  model::Location loc;          // where it was named (stack.yaml), for diagnostics
};

struct CfnOptions {
  std::vector<CfnTemplate> templates;
  /// Fn::ImportValue of exports no loaded template makes.
  std::map<std::string, std::string> exports;
  /// Nested stacks' S3 TemplateURL prefixes -> local folders. Without a
  /// match, the URL's object key is looked up beside the parent template.
  std::map<std::string, std::string> template_urls;
  std::string account_id = "123456789012";
  /// describe-* snapshots of the existing network the templates deploy into
  /// (parameters such as AWS::EC2::VPC::Id name its resources by ID).
  std::vector<std::string> networks;
  /// Take the region from the first network rather than the stack's.
  bool region_from_network = false;
};

/// Whether the file is a CloudFormation template (by content: a mapping with
/// AWSTemplateFormatVersion, or Resources whose entries have AWS:: types),
/// or a folder holding cdk.out's manifest.json.
bool isCloudFormation(const std::string& path, const model::FileSource& files);

/// Adds the templates' resources to `stack` (whose region they deploy in).
/// Diagnostics go to `diags`; the caller runs the validator.
void importCloudFormation(const CfnOptions& options, const model::FileSource& files, model::Stack& stack,
                          model::Diagnostics& diags);

/// Loads one template (or cdk.out) on its own: the region is
/// `options.region` or us-east-1; then validates.
LoadResult loadCloudFormation(const std::string& path, const model::FileSource& files, CfnOptions options,
                              const std::string& region);

}  // namespace awssim::load
