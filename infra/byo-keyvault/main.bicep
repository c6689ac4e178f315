// A hub's own Key Vault ("bring your own vault"), ready for Switchboard: RBAC mode, and the
// Switchboard service identity granted Key Vault Secrets Officer on that vault alone.
// Deploy it into the resource group that holds (or will hold) the vault, then connect the hub:
//   PUT /api/hubs/{hub}/keyvault { "vaultUri": "<the vaultUri output>" }

@description('Name of the vault (3-24 letters, digits and hyphens, globally unique).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Create the vault (true), or grant the role on an existing vault in this resource group (false).')
param createVault bool = false

@description('Object (principal) id of the Switchboard service identity (the AZURE_SERVICE_PRINCIPAL_ID output of infra/main.bicep).')
@minLength(36)
@maxLength(36)
param principalId string

@description('Kind of principal that receives the role.')
@allowed([
  'ServicePrincipal'
  'Group'
  'User'
])
param principalType string = 'ServicePrincipal'

@description('Region of a new vault.')
param location string = resourceGroup().location

@description('Tags for a new vault.')
param tags object = {}

// Key Vault Secrets Officer: create, read, update and delete secrets; nothing about keys,
// certificates or the vault's own settings.
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource newVault 'Microsoft.KeyVault/vaults@2024-11-01' = if (createVault) {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

// The vault either way: the one just created, or the customer's existing one.
resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: vaultName
}

resource secretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: principalId
    principalType: principalType
  }
  dependsOn: [
    newVault
  ]
}

output vaultUri string = vault.properties.vaultUri
// Switchboard needs RBAC mode: with access policies, the role above grants nothing.
output rbacAuthorization bool = vault.properties.?enableRbacAuthorization ?? false
output softDeleteEnabled bool = vault.properties.?enableSoftDelete ?? false
output purgeProtectionEnabled bool = vault.properties.?enablePurgeProtection ?? false
