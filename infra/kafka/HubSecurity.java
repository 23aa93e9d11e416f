// Applies a plan of SCRAM users and ACLs to the local Kafka through the Admin API, in one JVM.
// Run by `homefirst stack up` and `homefirst councils` (services/cli/src/kafka-security/), with the
// stack's own Kafka jars on the class path and the JDK's single-file source launcher:
//   java -cp '.hub/lib/kafka/*' infra/kafka/HubSecurity.java <admin-client.properties> <plan-file>
// Plan lines (tab-separated; '#' starts a comment):
//   user      <name>  <password-file>                          upsert a SCRAM-SHA-512 credential
//   acl       <principal>  <TOPIC|GROUP|CLUSTER|TRANSACTIONAL_ID>  <LITERAL|PREFIXED>  <name>  <operation>
//   drop      <name>                                           delete every ACL of User:<name>, then its credential
//   users                                                      print the SCRAM users, one per line
// Every step is idempotent: an existing binding is not duplicated, a missing user is not an error.
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

public class HubSecurity {
  private static final int ITERATIONS = 8192;

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: HubSecurity <admin-client.properties> <plan-file>");
      System.exit(2);
    }
    Properties props = new Properties();
    try (var in = Files.newInputStream(Path.of(args[0]))) {
      props.load(in);
    }
    List<UserScramCredentialAlteration> users = new ArrayList<>();
    List<AclBinding> acls = new ArrayList<>();
    List<String> drops = new ArrayList<>();
    boolean listUsers = false;
    for (String raw : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String[] f = line.split("\t");
      switch (f[0]) {
        case "user" -> {
          String password = Files.readString(Path.of(f[2]), StandardCharsets.UTF_8).strip();
          users.add(new UserScramCredentialUpsertion(
              f[1], new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password));
        }
        case "acl" -> acls.add(new AclBinding(
            new ResourcePattern(ResourceType.fromString(f[2]), f[4], PatternType.fromString(f[3])),
            new AccessControlEntry(f[1], "*", AclOperation.fromString(f[5]), AclPermissionType.ALLOW)));
        case "drop" -> drops.add(f[1]);
        case "users" -> listUsers = true;
        default -> throw new IllegalArgumentException("unknown plan line: " + f[0]);
      }
    }
    try (Admin admin = Admin.create(props)) {
      for (String name : drops) drop(admin, name);
      if (!users.isEmpty()) admin.alterUserScramCredentials(users).all().get();
      if (!acls.isEmpty()) admin.createAcls(acls).all().get();
      if (listUsers)
        for (var user : admin.describeUserScramCredentials().all().get().keySet()) System.out.println(user);
    }
    System.err.printf(
        "applied %d user(s), %d ACL binding(s), %d removal(s)%n", users.size(), acls.size(), drops.size());
  }

  /** Revokes first (ACLs are checked on every request), then deletes the credential. */
  private static void drop(Admin admin, String name) throws InterruptedException, ExecutionException {
    AclBindingFilter everyAclOf = new AclBindingFilter(
        ResourcePatternFilter.ANY,
        new AccessControlEntryFilter("User:" + name, null, AclOperation.ANY, AclPermissionType.ANY));
    admin.deleteAcls(List.of(everyAclOf)).all().get();
    try {
      admin.alterUserScramCredentials(
          List.of(new UserScramCredentialDeletion(name, ScramMechanism.SCRAM_SHA_512))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof ResourceNotFoundException)) throw e;
    }
  }
}
